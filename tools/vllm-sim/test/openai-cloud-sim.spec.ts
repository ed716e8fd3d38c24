import { connect } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startOpenAiCloudSim, type CloudSimHandle } from '../src/index.js';
import type { OpenAiCloudSimOptions } from '../src/cloud/openai-cloud-sim.js';
import { connectionErrorOf, dataFrames, postJson, send, waitFor } from './support/http.js';

const started: CloudSimHandle[] = [];
async function start(options: OpenAiCloudSimOptions = {}): Promise<CloudSimHandle> {
  const sim = await startOpenAiCloudSim({ mode: 'echo', ...options });
  started.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.stop()));
});

const auth = { authorization: 'Bearer sk-test-123' };
const question = { model: 'deepseek-chat', messages: [{ role: 'user', content: 'a b c' }] };

describe('simulated OpenAI-compatible cloud API', () => {
  it('counts a TCP connection that never sends a byte, and records every request with secrets redacted', async () => {
    const sim = await start();
    expect(sim.connectionCount()).toBe(0);
    await new Promise<void>((resolve) => {
      const socket = connect(sim.port, '127.0.0.1', () => socket.end());
      socket.on('close', () => resolve());
    });
    await waitFor(() => sim.connectionCount() === 1);
    expect(sim.requestCount()).toBe(0);
    await postJson(`${sim.url}/chat/completions`, question, auth);
    expect(sim.requestCount()).toBe(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'POST',
      path: '/chat/completions',
      body: question,
      headers: { authorization: '[redacted]' },
    });
    expect(JSON.stringify(sim.requests)).not.toContain('sk-test-123');
    sim.clearRecords();
    expect([sim.requestCount(), sim.connectionCount(), sim.requests]).toEqual([0, 0, []]);
  });

  it('requires a bearer key: any non-empty one by default, only the configured one when set', async () => {
    const open = await start();
    const missing = await postJson(`${open.url}/v1/chat/completions`, question);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.text)).toEqual({
      error: {
        message: 'Authentication Fails, Your api key is invalid',
        type: 'authentication_error',
        param: null,
        code: 'invalid_request_error',
      },
    });
    expect((await postJson(`${open.url}/v1/chat/completions`, question, auth)).status).toBe(200);
    const strict = await start({ apiKey: 'the-one' });
    expect((await postJson(`${strict.url}/chat/completions`, question, auth)).status).toBe(401);
    expect(
      (await postJson(`${strict.url}/chat/completions`, question, { authorization: 'Bearer the-one' })).status,
    ).toBe(200);
  });

  it('answers in OpenAI shape, lists models, and 404s unknown paths and models', async () => {
    const sim = await start({ models: ['deepseek-chat'] });
    const answer = JSON.parse((await postJson(`${sim.url}/chat/completions`, question, auth)).text) as Record<
      string,
      unknown
    >;
    expect(answer).toMatchObject({
      object: 'chat.completion',
      model: 'deepseek-chat',
      choices: [{ index: 0, message: { role: 'assistant', content: 'a b c' }, finish_reason: 'stop' }],
      usage: { completion_tokens: 3 },
    });
    expect(JSON.parse((await send(`${sim.url}/models`, { headers: auth })).text).data).toEqual([
      expect.objectContaining({ id: 'deepseek-chat', object: 'model' }),
    ]);
    expect((await postJson(`${sim.url}/v1/responses`, question, auth)).status).toBe(404);
    const unknown = await postJson(`${sim.url}/chat/completions`, { ...question, model: 'gpt-5' }, auth);
    expect([unknown.status, JSON.parse(unknown.text).error.code]).toEqual([404, 'model_not_found']);
  });

  it('sends blank lines while a non-streaming request is queued, then the JSON answer', async () => {
    const sim = await start({ faults: { queueDelay: { ms: 120, intervalMs: 40, count: 1 } } });
    const response = await postJson(`${sim.url}/chat/completions`, question, auth);
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/^\n{3}\{"id":"chatcmpl-/);
    expect(JSON.parse(response.text.trim()).choices[0].message.content).toBe('a b c');
  });

  it('sends ": keep-alive" comments while a stream is queued, then OpenAI chunks and [DONE]', async () => {
    const sim = await start({ faults: { queueDelay: { ms: 80, intervalMs: 40 } } });
    const response = await postJson(`${sim.url}/chat/completions`, { ...question, stream: true }, auth);
    expect(response.text.startsWith(': keep-alive\n\n: keep-alive\n\ndata: ')).toBe(true);
    const frames = dataFrames(response.text) as Array<
      { choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }> } | string
    >;
    expect(frames.at(-1)).toBe('[DONE]');
    const chunks = frames.slice(0, -1) as Array<{
      choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>;
    }>;
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'a' },
      { content: ' b' },
      { content: ' c' },
      {},
    ]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(response.text).not.toContain('usage');
  });

  it('answers 402, 429 with Retry-After, 500 and 503 on demand', async () => {
    const sim = await start();
    sim.setFaults({ fail: { status: 402, count: 1 } });
    expect(JSON.parse((await postJson(`${sim.url}/chat/completions`, question, auth)).text).error.message).toBe(
      'Insufficient Balance',
    );
    sim.setFaults({ rateLimit: { retryAfterSeconds: 9, count: 1 } });
    const limited = await postJson(`${sim.url}/chat/completions`, question, auth);
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '9']);
    for (const status of [500, 503]) {
      sim.setFaults({ fail: { status, count: 1 } });
      expect((await postJson(`${sim.url}/chat/completions`, question, auth)).status).toBe(status);
    }
    expect((await postJson(`${sim.url}/chat/completions`, question, auth)).status).toBe(200);
  });

  it('refuses connections, hangs, and cuts streams on demand', async () => {
    const sim = await start();
    sim.setFaults({ refuseConnections: true });
    expect(await connectionErrorOf(`${sim.url}/models`)).toBe('ECONNREFUSED');
    sim.setFaults({ refuseConnections: false, hang: { count: 1 } });
    await waitFor(async () => (await connectionErrorOf(`${sim.url}/models`)) === 'none');
    await expect(
      send(`${sim.url}/chat/completions`, { body: question, headers: auth, timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
    sim.setFaults({ cutStream: { afterTokens: 1, count: 1 } });
    await expect(
      send(`${sim.url}/chat/completions`, { body: { ...question, stream: true }, headers: auth }),
    ).rejects.toMatchObject({ partial: expect.stringContaining('"content":"a"') });
  });

  it('rejects a bad fault update with the list of known faults', async () => {
    const sim = await start();
    expect(() => sim.setFaults({ fail: { status: 200 } })).toThrow(/Invalid faults in setFaults\(\): fail.status/);
  });
});
