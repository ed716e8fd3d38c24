import { afterEach, describe, expect, it } from '@jest/globals';
import { startVllmSim, type VllmSimHandle, type VllmSimOptions } from '../src/index.js';
import { connectionErrorOf, dataFrames, postJson, send, waitFor } from './support/http.js';
import { openStream } from './support/open-stream.js';

const started: VllmSimHandle[] = [];
async function start(options: Partial<VllmSimOptions> = {}): Promise<VllmSimHandle> {
  const sim = await startVllmSim({ servedModelName: 'qwen7b', mode: 'echo', ...options });
  started.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.stop()));
});

const question = { model: 'qwen7b', messages: [{ role: 'user', content: 'one two three four five' }] };
const chatUrl = (sim: VllmSimHandle): string => `${sim.url}/v1/chat/completions`;

describe('simulated vLLM server: faults', () => {
  it('refuses connections while refuseConnections is set and serves again on the same port after', async () => {
    const sim = await start();
    sim.setFaults({ refuseConnections: true });
    expect(await connectionErrorOf(`${sim.url}/health`)).toBe('ECONNREFUSED');
    sim.setFaults({ refuseConnections: false });
    await waitFor(async () => (await connectionErrorOf(`${sim.url}/health`)) === 'none');
    expect((await send(`${sim.url}/health`)).status).toBe(200);
  });

  it('can refuse from the start on a port known up front', async () => {
    const sim = await start({ faults: { refuseConnections: true } });
    expect(sim.port).toBeGreaterThan(0);
    expect(await connectionErrorOf(`${sim.url}/health`)).toBe('ECONNREFUSED');
    sim.clearFaults();
    await waitFor(async () => (await connectionErrorOf(`${sim.url}/health`)) === 'none');
  });

  it('hangs the next inference request without answering, leaving /health alone unless allEndpoints', async () => {
    const sim = await start();
    sim.setFaults({ hang: { count: 1 } });
    await expect(send(chatUrl(sim), { body: question, timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect((await send(`${sim.url}/health`)).status).toBe(200);
    expect((await postJson(chatUrl(sim), question)).status).toBe(200);
    sim.setFaults({ hang: { allEndpoints: true } });
    await expect(send(`${sim.url}/health`, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('slows a request down by a factor and by added first-token time', async () => {
    const sim = await start({ timeToFirstTokenMs: 20 });
    sim.setFaults({ slow: { factor: 10, count: 1 } });
    let started = performance.now();
    await postJson(chatUrl(sim), question);
    const slowMs = performance.now() - started;
    started = performance.now();
    await postJson(chatUrl(sim), question);
    const normalMs = performance.now() - started;
    expect(slowMs).toBeGreaterThanOrEqual(180);
    expect(normalMs).toBeLessThan(slowMs);
    sim.setFaults({ slow: { addedFirstTokenMs: 200, count: 1 } });
    started = performance.now();
    await postJson(chatUrl(sim), question);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('fails the next N requests with 503 in the nested envelope, then serves again', async () => {
    const sim = await start();
    sim.setFaults({ fail: { status: 503, count: 2 } });
    const statuses = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await postJson(chatUrl(sim), question)).status);
    expect(statuses).toEqual([503, 503, 200]);
    sim.setFaults({ fail: { status: 500, count: 1 } });
    const failed = await postJson(chatUrl(sim), question);
    expect(JSON.parse(failed.text)).toEqual({
      error: {
        message: 'Internal server error (injected fault).',
        type: 'InternalServerError',
        param: null,
        code: 500,
      },
    });
  });

  it('fails the same share of requests for the same fault seed', async () => {
    const pattern = async (sim: VllmSimHandle): Promise<number[]> => {
      sim.setFaults({ fail: { status: 500, fraction: 0.5 } });
      const statuses = [];
      for (let index = 0; index < 16; index += 1) statuses.push((await postJson(chatUrl(sim), question)).status);
      return statuses;
    };
    const first = await pattern(await start({ faultSeed: 11 }));
    expect(await pattern(await start({ faultSeed: 11 }))).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it('answers 429 with Retry-After', async () => {
    const sim = await start();
    sim.setFaults({ rateLimit: { retryAfterSeconds: 7, count: 1 } });
    const limited = await postJson(chatUrl(sim), question);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(JSON.parse(limited.text).error).toMatchObject({ type: 'RateLimitError', code: 429 });
  });

  it('cuts a stream after N tokens: socket destroyed, no finish chunk, no [DONE]', async () => {
    const sim = await start();
    sim.setFaults({ cutStream: { afterTokens: 2, count: 1 } });
    const stream = await openStream(chatUrl(sim), { ...question, stream: true });
    expect(await stream.ended).not.toBe('end');
    const frames = dataFrames(stream.text()) as Array<{ choices: Array<{ delta: { content?: string } }> }>;
    expect(frames.map((frame) => frame.choices[0]?.delta.content)).toEqual(['', 'one', ' two']);
    expect(stream.text()).not.toContain('[DONE]');
    expect((await postJson(chatUrl(sim), { ...question, stream: true })).text).toContain('[DONE]');
  });

  it('sends one malformed chunk after N tokens and carries on to [DONE]', async () => {
    const sim = await start();
    sim.setFaults({ malformedChunk: { afterTokens: 1 } });
    const text = (await postJson(chatUrl(sim), { ...question, stream: true })).text;
    const frames = text.split('\n\n').filter((frame) => frame !== '');
    const broken = frames.filter((frame) => {
      try {
        dataFrames(`${frame}\n\n`);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toHaveLength(1);
    expect(frames.indexOf(broken[0] ?? '')).toBe(2);
    expect(frames.at(-1)).toBe('data: [DONE]');
  });

  it('stalls a stream after N tokens until the client leaves', async () => {
    const sim = await start();
    sim.setFaults({ stallStream: { afterTokens: 1 } });
    const stream = await openStream(chatUrl(sim), { ...question, stream: true });
    await waitFor(() => stream.text().includes('"one"'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(dataFrames(stream.text())).toHaveLength(2);
    expect(sim.stats().inFlight).toBe(1);
    stream.close();
    await waitFor(() => sim.stats().inFlight === 0);
  });

  it('sends an in-band error after N tokens, then [DONE]', async () => {
    const sim = await start();
    sim.setFaults({ streamError: { afterTokens: 1 } });
    const frames = dataFrames((await postJson(chatUrl(sim), { ...question, stream: true })).text);
    expect(frames.slice(-2)).toEqual([
      { error: { message: expect.stringMatching(/EngineCore/), type: 'InternalServerError', param: null, code: 500 } },
      '[DONE]',
    ]);
  });

  it('dies: in-flight requests fail, /health answers 503, then the port refuses and closed says died', async () => {
    const sim = await start({ interTokenLatencyMs: 40, mode: 'lorem', deathLingerMs: 400 });
    const stream = await openStream(chatUrl(sim), { ...question, stream: true, max_tokens: 100 });
    const plain = postJson(chatUrl(sim), { ...question, max_tokens: 100 });
    await waitFor(() => sim.stats().inFlight === 2);
    sim.setFaults({ die: true });
    const failed = await plain;
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.text).error.message).toMatch(/^EngineCore encountered an issue/);
    await stream.ended;
    expect(dataFrames(stream.text()).slice(-2)).toEqual([
      expect.objectContaining({ error: expect.objectContaining({ code: 500 }) }),
      '[DONE]',
    ]);
    expect((await send(`${sim.url}/health`)).status).toBe(503);
    expect((await postJson(chatUrl(sim), question)).status).toBe(500);
    expect(await sim.closed).toBe('died');
    expect(await connectionErrorOf(`${sim.url}/health`)).toBe('ECONNREFUSED');
  });

  it('kill() is engine death too, and can be scheduled with die.afterMs', async () => {
    const killed = await start({ deathLingerMs: 0 });
    await killed.kill();
    expect(await killed.closed).toBe('died');
    const later = await start({ deathLingerMs: 0, faults: { die: { afterMs: 150 } } });
    expect((await send(`${later.url}/health`)).status).toBe(200);
    expect(await later.closed).toBe('died');
  });

  it('serves the wrong model: lists it, answers with it, and 404s the configured name', async () => {
    const sim = await start();
    sim.setFaults({ wrongModel: 'llama-3-8b' });
    const models = JSON.parse((await send(`${sim.url}/v1/models`)).text) as { data: Array<{ id: string }> };
    expect(models.data.map((card) => card.id)).toEqual(['llama-3-8b']);
    expect((await postJson(chatUrl(sim), question)).status).toBe(404);
    expect(JSON.parse((await postJson(chatUrl(sim), { ...question, model: 'llama-3-8b' })).text).model).toBe(
      'llama-3-8b',
    );
    sim.setFaults({ wrongModel: null });
    expect((await postJson(chatUrl(sim), question)).status).toBe(200);
  });

  it('takes faults over the admin endpoint only when enabled, rejecting unknown ones by name', async () => {
    const sim = await start({ enableAdmin: true });
    const armed = await postJson(`${sim.url}/admin/faults`, { fail: { status: 503, count: 1 } });
    expect(armed.status).toBe(200);
    expect(JSON.parse(armed.text)).toMatchObject({ fail: { status: 503, count: 1 }, refuseConnections: false });
    expect((await postJson(chatUrl(sim), question)).status).toBe(503);
    expect((await postJson(chatUrl(sim), question)).status).toBe(200);
    const bad = await postJson(`${sim.url}/admin/faults`, { hnag: {} });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/Invalid faults in POST \/admin\/faults/);
    await postJson(`${sim.url}/admin/faults`, { hang: {} });
    expect(JSON.parse((await send(`${sim.url}/admin/faults`)).text).hang).toEqual({});
    expect(JSON.parse((await send(`${sim.url}/admin/faults`, { method: 'DELETE' })).text).hang).toBeUndefined();
    expect(JSON.parse((await send(`${sim.url}/admin/stats`)).text)).toMatchObject({
      requests: { '/v1/chat/completions': 2 },
      inFlight: 0,
      dead: false,
    });
  });

  it('refuses connections during the startup delay, then serves', async () => {
    const begun = performance.now();
    const sim = await start({ startupDelayMs: 400 });
    expect(await connectionErrorOf(`${sim.url}/health`)).toBe('ECONNREFUSED');
    await sim.ready;
    expect(performance.now() - begun).toBeGreaterThanOrEqual(350);
    expect((await send(`${sim.url}/health`)).status).toBe(200);
  });

  it('answers 503 past the admission limit, and only then', async () => {
    const sim = await start({ maxNumSeqs: 1, maxQueued: 1, timeToFirstTokenMs: 300 });
    const running = postJson(chatUrl(sim), question);
    await waitFor(() => sim.stats().running === 1);
    const queued = postJson(chatUrl(sim), question);
    await waitFor(() => sim.stats().waiting === 1);
    const rejected = await postJson(chatUrl(sim), question);
    expect(rejected.status).toBe(503);
    expect(JSON.parse(rejected.text)).toEqual({
      error: {
        message: 'The server is overloaded or not ready yet.',
        type: 'ServiceUnavailableError',
        param: null,
        code: 503,
      },
    });
    expect([(await running).status, (await queued).status]).toEqual([200, 200]);
  });
});
