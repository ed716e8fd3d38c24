import { describe, expect, it } from '@jest/globals';
import { ChunkFormatter, DONE_FRAME, errorFrame, formatCompletion } from './openai-payloads.js';

function parseFrame(frame: string): Record<string, unknown> {
  expect(frame.startsWith('data: ')).toBe(true);
  expect(frame.endsWith('\n\n')).toBe(true);
  return JSON.parse(frame.slice('data: '.length)) as Record<string, unknown>;
}

describe('ChunkFormatter', () => {
  const chat = new ChunkFormatter({ kind: 'chat', id: 'chatcmpl-1', created: 1700000000, model: 'qwen "7b"' });

  it('writes the role chunk, content deltas, the finish chunk and the usage chunk of chat.completion.chunk', () => {
    expect(parseFrame(chat.role())).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1700000000,
      model: 'qwen "7b"',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
    });
    expect(parseFrame(chat.delta('a "quoted"\nline\u2028é')).choices).toEqual([
      { index: 0, delta: { content: 'a "quoted"\nline\u2028é' }, logprobs: null, finish_reason: null },
    ]);
    expect(parseFrame(chat.finish('tool-calls')).choices).toEqual([
      { index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' },
    ]);
    expect(parseFrame(chat.usage({ promptTokens: 12, completionTokens: 3 }))).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    });
    expect(parseFrame(chat.usage(undefined))).toMatchObject({ choices: [], usage: null });
  });

  it('writes text_completion chunks for /v1/completions', () => {
    const text = new ChunkFormatter({ kind: 'completion', id: 'cmpl-1', created: 1, model: 'm' });
    expect(parseFrame(text.delta('Hi'))).toMatchObject({
      object: 'text_completion',
      choices: [{ index: 0, text: 'Hi', finish_reason: null }],
    });
    expect(parseFrame(text.finish('length')).choices).toEqual([
      { index: 0, text: '', logprobs: null, finish_reason: 'length' },
    ]);
  });

  it('ends with [DONE], and reports a failure as an in-band error event', () => {
    expect(DONE_FRAME).toBe('data: [DONE]\n\n');
    expect(
      parseFrame(
        errorFrame({ error: { message: 'cut', type: 'upstream_error', param: null, code: 'stream_interrupted' } }),
      ),
    ).toEqual({ error: { message: 'cut', type: 'upstream_error', param: null, code: 'stream_interrupted' } });
  });
});

describe('formatCompletion', () => {
  it('shapes chat.completion and text_completion objects with usage', () => {
    const common = {
      id: 'x',
      created: 2,
      model: 'm',
      text: 'Hello',
      finishReason: 'stop' as const,
      usage: { promptTokens: 1, completionTokens: 2 },
    };
    expect(JSON.parse(formatCompletion({ ...common, kind: 'chat' }))).toEqual({
      id: 'x',
      object: 'chat.completion',
      created: 2,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    });
    expect(JSON.parse(formatCompletion({ ...common, kind: 'completion', usage: undefined }))).toEqual({
      id: 'x',
      object: 'text_completion',
      created: 2,
      model: 'm',
      choices: [{ index: 0, text: 'Hello', logprobs: null, finish_reason: 'stop' }],
    });
  });
});
