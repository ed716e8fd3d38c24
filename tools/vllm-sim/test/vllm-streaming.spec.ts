import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startVllmSim, type VllmSimHandle } from '../src/index.js';
import { postJson } from './support/http.js';

/** Replaces the one random id and the creation time so whole streams compare byte for byte. */
function normalise(text: string): string {
  return text.replace(/"id":"(chatcmpl|cmpl)-[^"]+"/g, '"id":"$1-ID"').replace(/"created":\d+/g, '"created":0');
}

const head = (object: string, id: string): string => `"id":"${id}","object":"${object}","created":0,"model":"qwen7b"`;

describe('simulated vLLM server: streaming, byte for byte', () => {
  let sim: VllmSimHandle;
  beforeAll(async () => {
    sim = await startVllmSim({ servedModelName: 'qwen7b', mode: 'echo' });
  });
  afterAll(() => sim.stop());

  const chat = (
    extra: Record<string, unknown>,
  ): Promise<{ status: number; headers: Record<string, unknown>; text: string }> =>
    postJson(`${sim.url}/v1/chat/completions`, {
      model: 'qwen7b',
      messages: [{ role: 'user', content: 'Hello there' }],
      stream: true,
      ...extra,
    });

  it('sends the role chunk, one delta per token, the finish on the last delta, and [DONE] — no usage without stream_options', async () => {
    const response = await chat({});
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const h = head('chat.completion.chunk', 'chatcmpl-ID');
    expect(normalise(response.text)).toBe(
      `data: {${h},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n` +
        `data: {${h},"choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}\n\n` +
        `data: {${h},"choices":[{"index":0,"delta":{"content":" there"},"logprobs":null,"finish_reason":"stop","stop_reason":null}]}\n\n` +
        'data: [DONE]\n\n',
    );
  });

  it('adds a choices:[] usage chunk before [DONE] when stream_options is present, even empty', async () => {
    const response = await chat({ stream_options: {}, max_tokens: 1 });
    const frames = normalise(response.text).split('\n\n');
    const h = head('chat.completion.chunk', 'chatcmpl-ID');
    expect(frames.slice(1)).toEqual([
      `data: {${h},"choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":"length","stop_reason":null}]}`,
      `data: {${h},"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11}}`,
      'data: [DONE]',
      '',
    ]);
    const optedOut = await chat({ stream_options: { include_usage: false } });
    expect(optedOut.text).not.toContain('"usage"');
  });

  it('puts usage on every chunk with continuous_usage_stats', async () => {
    const response = await chat({ stream_options: { include_usage: true, continuous_usage_stats: true } });
    const chunks = response.text
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: {'))
      .map((frame) => JSON.parse(frame.slice(6)) as { usage: { completion_tokens: number } });
    expect(chunks.map((chunk) => chunk.usage.completion_tokens)).toEqual([0, 1, 2, 2]);
  });

  it('streams /v1/completions with text_completion chunks and no role chunk', async () => {
    const response = await postJson(`${sim.url}/v1/completions`, {
      prompt: 'a b',
      stream: true,
      stream_options: { include_usage: true },
    });
    const h = head('text_completion', 'cmpl-ID');
    expect(normalise(response.text)).toBe(
      `data: {${h},"choices":[{"index":0,"text":"a","logprobs":null,"finish_reason":null,"stop_reason":null}]}\n\n` +
        `data: {${h},"choices":[{"index":0,"text":" b","logprobs":null,"finish_reason":"stop","stop_reason":null}]}\n\n` +
        `data: {${h},"choices":[],"usage":{"prompt_tokens":2,"completion_tokens":2,"total_tokens":4}}\n\n` +
        'data: [DONE]\n\n',
    );
  });

  it('sends one empty finish chunk for an empty answer', async () => {
    const response = await postJson(`${sim.url}/v1/chat/completions`, {
      messages: [{ role: 'system', content: 'no user message' }],
      stream: true,
    });
    const h = head('chat.completion.chunk', 'chatcmpl-ID');
    expect(normalise(response.text).split('\n\n')[1]).toBe(
      `data: {${h},"choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop","stop_reason":null}]}`,
    );
  });

  it('answers errors found before streaming as ordinary JSON with a 4xx status', async () => {
    const response = await chat({ model: 'other' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json');
  });

  it('ends every stream with a usage chunk under --enable-force-include-usage', async () => {
    const forced = await startVllmSim({ servedModelName: 'qwen7b', mode: 'echo', forceIncludeUsage: true });
    try {
      const response = await postJson(`${forced.url}/v1/chat/completions`, {
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      expect(response.text).toMatch(
        /"choices":\[\],"usage":\{"prompt_tokens":\d+,"completion_tokens":1,"total_tokens":\d+\}\}\n\ndata: \[DONE\]\n\n$/,
      );
    } finally {
      await forced.stop();
    }
  });
});
