import { afterEach, describe, expect, it } from '@jest/globals';
import { startVllmSim, type VllmSimHandle, type VllmSimOptions } from '@biopipe/vllm-sim';
import { ResourceDetector, checkEndpoint } from '../src/index.js';
import { refusingUrl, startSilentServer, type RunningServer } from './real-servers.js';

// Every endpoint state against real simulated vLLM servers on free ports.
const sims: VllmSimHandle[] = [];
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all([...sims.splice(0).map((sim) => sim.stop()), ...servers.splice(0).map((server) => server.stop())]);
});

async function sim(options: Partial<VllmSimOptions> = {}): Promise<VllmSimHandle> {
  const handle = await startVllmSim({ servedModelName: 'qwen2.5-7b-instruct', port: 0, maxModelLen: 8192, ...options });
  sims.push(handle);
  await handle.ready;
  return handle;
}

describe('endpoint states against the vLLM simulator', () => {
  it('healthy: lists the served name and max_model_len', async () => {
    const server = await sim();
    const check = await checkEndpoint({ url: server.url, expectedModel: 'qwen2.5-7b-instruct', timeoutMs: 2000 });
    expect(check).toMatchObject({
      state: 'healthy',
      models: ['qwen2.5-7b-instruct'],
      max_model_len: 8192,
      reason: 'serves "qwen2.5-7b-instruct" (max_model_len 8192)',
    });
    expect(server.stats().requests).toMatchObject({ '/health': 1, '/v1/models': 1 });
  });

  it('unreachable: a simulator that refuses connections, and a closed port', async () => {
    const refusing = await startVllmSim({ servedModelName: 'm', port: 0, faults: { refuseConnections: true } });
    sims.push(refusing);
    for (const url of [refusing.url, await refusingUrl()]) {
      expect(await checkEndpoint({ url, timeoutMs: 2000 })).toMatchObject({
        state: 'unreachable',
        reason: 'GET /health: connection refused (nothing listening)',
      });
    }
  });

  it('timeout: a simulator that hangs every endpoint, and a socket that accepts and never answers', async () => {
    const hanging = await sim({ faults: { hang: { allEndpoints: true } } });
    const silent = await startSilentServer();
    servers.push(silent);
    for (const url of [hanging.url, silent.url]) {
      const check = await checkEndpoint({ url, timeoutMs: 300 });
      expect(check).toMatchObject({ state: 'timeout', reason: 'no answer within 300 ms (GET /health)' });
      expect(check.latency_ms).toBeLessThan(1500);
    }
  });

  it('unhealthy: /health answers 503 once the engine is dead', async () => {
    const dying = await sim({ deathLingerMs: 30_000 });
    dying.setFaults({ die: true });
    for (let tries = 0; tries < 50 && !dying.stats().dead; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await checkEndpoint({ url: dying.url, timeoutMs: 2000 })).toMatchObject({
      state: 'unhealthy',
      reason: 'GET /health returned 503 (engine dead or not ready)',
    });
  });

  it('wrong_model: healthy, but serving another model than the expected one', async () => {
    const wrong = await sim({ servedModelName: 'llama-3-8b', maxModelLen: 4096 });
    expect(
      await checkEndpoint({ url: wrong.url, expectedModel: 'qwen2.5-7b-instruct', timeoutMs: 2000 }),
    ).toMatchObject({
      state: 'wrong_model',
      models: ['llama-3-8b'],
      max_model_len: 4096,
      reason: 'serves "llama-3-8b", expected "qwen2.5-7b-instruct"',
    });
    const swapped = await sim({ faults: { wrongModel: 'other-model' } });
    expect(
      (await checkEndpoint({ url: swapped.url, expectedModel: 'qwen2.5-7b-instruct', timeoutMs: 2000 })).state,
    ).toBe('wrong_model');
  });

  it('auth_error: the server requires an API key; with VLLM_API_KEY set it is healthy', async () => {
    const secret = 'fleet-key-DISTINCTIVE-3307';
    const guarded = await sim({ apiKey: secret });
    const endpoints = [{ role: 'generalist', url: guarded.url, expectedModel: 'qwen2.5-7b-instruct' }];
    const without = await new ResourceDetector({ endpoints, env: {}, slurm: false }).detect();
    expect(without.vllm_endpoints[0]).toMatchObject({
      state: 'auth_error',
      reason: 'GET /v1/models returned 401: the server requires an API key (set VLLM_API_KEY)',
    });
    const wrong = await new ResourceDetector({
      endpoints,
      env: { VLLM_API_KEY: 'not-the-key' },
      slurm: false,
    }).detect();
    expect(wrong.vllm_endpoints[0]).toMatchObject({
      state: 'auth_error',
      reason: 'GET /v1/models returned 401: the server rejected the key in VLLM_API_KEY',
    });
    const withKey = await new ResourceDetector({ endpoints, env: { VLLM_API_KEY: secret }, slurm: false }).detect();
    expect(withKey.vllm_endpoints[0]?.state).toBe('healthy');
    expect(JSON.stringify([without, wrong, withKey])).not.toContain(secret);
  });

  it('checks all states at once in about one timeout, and answers as a HealthSource', async () => {
    const healthy = await sim();
    const hanging = await sim({ faults: { hang: { allEndpoints: true } } });
    const dead = await sim({ deathLingerMs: 30_000 });
    dead.setFaults({ die: true });
    const wrong = await sim({ servedModelName: 'other' });
    const refusing = await refusingUrl();
    const expectedModel = 'qwen2.5-7b-instruct';
    const detector = new ResourceDetector({
      endpoints: [healthy.url, hanging.url, dead.url, wrong.url, refusing].map((url) => ({
        role: 'generalist',
        url,
        expectedModel,
      })),
      timeoutMs: 500,
      slurm: false,
    });
    const status = await detector.detect();
    expect(status.vllm_endpoints.map((endpoint) => endpoint.state)).toEqual([
      'healthy',
      'timeout',
      'unhealthy',
      'wrong_model',
      'unreachable',
    ]);
    // The hanging endpoint costs one timeout and delays nobody else (sequential checks would add up).
    expect(status.duration_ms).toBeLessThan(500 + 1000);
    const healthyEntry = status.vllm_endpoints[0];
    expect(healthyEntry?.latency_ms).toBeLessThan(500);
    expect(detector.endpointState(healthy.url)).toBe('healthy');
    expect(detector.endpointState(hanging.url)).toBe('timeout');
  });
});
