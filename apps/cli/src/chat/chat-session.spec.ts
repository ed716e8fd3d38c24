import { describe, expect, it } from '@jest/globals';
import { BiopipeError, type StreamPart } from '@biopipe/core';
import type { ChatBackend, ChatRoute, ChatStream } from './chat-backend.js';
import { ChatSession } from './chat-session.js';

const route: ChatRoute = {
  target: 'coder',
  model: 'qwen-coder',
  endpoint: 'http://127.0.0.1:1',
  fallback_depth: 0,
  cloud: false,
  latency_ms: 12,
  ttft_ms: 3,
};

/** A scripted backend: answers word by word, slowly enough to cancel; records what it was asked. */
function createScriptedBackend(options: { delayMs?: number } = {}) {
  const requests: { taskType: string; messages: readonly { role: string; content: string }[] }[] = [];
  let strategy = { name: 'development', allowCloud: true };
  let aborted = 0;
  const backend: ChatBackend = {
    strategy: () => strategy,
    strategies: () => [
      { name: 'development', description: 'dev', allowCloud: true },
      { name: 't4_local_only', description: 'local', allowCloud: false },
    ],
    switchStrategy: async (name) => {
      if (name === 'nope')
        throw new BiopipeError('unknown_profile', 'Unknown strategy profile "nope".', {
          hint: 'Available profiles: development.',
        });
      strategy = { name, allowCloud: name !== 't4_local_only' };
    },
    status: async () => ['generalist http://127.0.0.1:1 healthy'],
    stream: (request) => {
      requests.push(request);
      const words =
        `answer to ${request.messages[request.messages.length - 1]?.content ?? ''} via ${strategy.name}`.split(' ');
      async function* parts(): AsyncGenerator<StreamPart> {
        yield {
          type: 'stream-start',
          model: 'qwen-coder',
          provider: 'vllm',
          endpoint: route.endpoint,
          target: 'coder',
          fallbackDepth: 0,
        };
        for (const word of words) {
          await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1));
          if (request.signal.aborted) {
            aborted += 1;
            yield { type: 'error', error: new BiopipeError('aborted', 'The request was cancelled.') };
            return;
          }
          yield { type: 'text-delta', text: `${word} ` };
        }
        yield { type: 'stream-end', finishReason: 'stop', usage: undefined };
      }
      const stream: ChatStream = { [Symbol.asyncIterator]: () => parts(), route: Promise.resolve(route) };
      return stream;
    },
  };
  return { backend, requests, abortedCount: () => aborted };
}

const tick = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('ChatSession', () => {
  it('streams an answer, keeps the conversation and records the route', async () => {
    const { backend, requests } = createScriptedBackend();
    const session = new ChatSession(backend, { taskType: 'code_generation' });
    await session.submit('hello');
    await session.submit('again');
    expect(requests[1]?.messages).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'answer to hello via development ' },
      { role: 'user', content: 'again' },
    ]);
    expect(requests[1]?.taskType).toBe('code_generation');
    const last = session.entries[session.entries.length - 1];
    expect(last).toMatchObject({ kind: 'assistant', done: true, route });
  });

  it('switches strategy and task type by command, and refuses unknown ones with a hint', async () => {
    const { backend, requests } = createScriptedBackend();
    const session = new ChatSession(backend, { taskType: 'intent_parsing' });
    expect(await session.submit('/strategy')).toBe('pick-strategy');
    await session.submit('/strategy t4_local_only');
    await session.submit('/task math_statistics');
    await session.submit('/task nonsense');
    await session.submit('/strategy nope');
    await session.submit('x');
    expect(requests[0]?.taskType).toBe('math_statistics');
    expect(session.strategy.name).toBe('t4_local_only');
    const texts = session.entries.map((entry) => ('text' in entry ? entry.text : ''));
    expect(texts).toContain('strategy is now t4_local_only (PHI-safe: nothing leaves the cluster)');
    expect(texts.some((text) => text.startsWith('Unknown task type "nonsense"'))).toBe(true);
    expect(texts).toContain('Unknown strategy profile "nope".\nAvailable profiles: development.');
  });

  it('cancels the answer in progress', async () => {
    const { backend, abortedCount } = createScriptedBackend({ delayMs: 30 });
    const session = new ChatSession(backend, { taskType: 'intent_parsing' });
    const answering = session.submit('a long question');
    await tick(50);
    expect(session.cancel()).toBe(true);
    await answering;
    expect(abortedCount()).toBe(1);
    expect(session.entries[1]).toMatchObject({ kind: 'assistant', cancelled: true, done: true });
    expect(session.cancel()).toBe(false);
  });
});
