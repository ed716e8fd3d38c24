import { describe, expect, it } from '@jest/globals';
import { checkEndpoint } from './check-endpoint.js';
import { createFakeHttpGet, healthyServer, modelListBody } from './testing/fake-http-get.js';

const base = 'http://gpu-1:8001';

describe('checkEndpoint', () => {
  it('is healthy when /health answers 200 and /v1/models lists the expected name, with its max_model_len', async () => {
    const httpGet = createFakeHttpGet(healthyServer(base, 'qwen7b', 8192));
    const check = await checkEndpoint({ url: base, expectedModel: 'qwen7b', timeoutMs: 1000, httpGet });
    expect(check).toMatchObject({
      state: 'healthy',
      models: ['qwen7b'],
      max_model_len: 8192,
      reason: 'serves "qwen7b" (max_model_len 8192)',
    });
    expect(httpGet.calls.map((call) => call.url)).toEqual([`${base}/health`, `${base}/v1/models`]);
  });

  it('ignores a trailing slash or /v1 on the base URL', async () => {
    for (const url of [`${base}/`, `${base}/v1`, `${base}/v1/`]) {
      const check = await checkEndpoint({ url, timeoutMs: 1000, httpGet: createFakeHttpGet(healthyServer(base, 'm')) });
      expect(check.state).toBe('healthy');
    }
  });

  it('reports wrong_model with what it serves instead', async () => {
    const check = await checkEndpoint({
      url: base,
      expectedModel: 'qwen7b',
      timeoutMs: 1000,
      httpGet: createFakeHttpGet(healthyServer(base, 'llama', 2048)),
    });
    expect(check).toMatchObject({
      state: 'wrong_model',
      models: ['llama'],
      max_model_len: 2048,
      reason: 'serves "llama", expected "qwen7b"',
    });
  });

  it('takes max_model_len from the expected model card when several are listed', async () => {
    const body = JSON.stringify({
      data: [
        { id: 'lora', max_model_len: 1024 },
        { id: 'base', max_model_len: 8192 },
      ],
    });
    const httpGet = createFakeHttpGet({
      [`${base}/health`]: { status: 200, body: '' },
      [`${base}/v1/models`]: { status: 200, body },
    });
    expect(await checkEndpoint({ url: base, expectedModel: 'base', timeoutMs: 1000, httpGet })).toMatchObject({
      state: 'healthy',
      max_model_len: 8192,
    });
  });

  it('reports a 503 from /health as unhealthy, engine dead', async () => {
    const httpGet = createFakeHttpGet({ [`${base}/health`]: { status: 503, body: '' } });
    const check = await checkEndpoint({ url: base, timeoutMs: 1000, httpGet });
    expect(check).toMatchObject({ state: 'unhealthy', reason: 'GET /health returned 503 (engine dead or not ready)' });
    expect(httpGet.calls).toHaveLength(1);
  });

  it('reports a non-2xx /v1/models and a body that is not a model list as unhealthy', async () => {
    const failing = createFakeHttpGet({
      [`${base}/health`]: { status: 200, body: '' },
      [`${base}/v1/models`]: { status: 500, body: '{}' },
    });
    expect(await checkEndpoint({ url: base, timeoutMs: 1000, httpGet: failing })).toMatchObject({
      state: 'unhealthy',
      reason: 'GET /v1/models returned 500',
    });
    const garbled = createFakeHttpGet({
      [`${base}/health`]: { status: 200, body: '' },
      [`${base}/v1/models`]: { status: 200, body: '<html>' },
    });
    expect(await checkEndpoint({ url: base, timeoutMs: 1000, httpGet: garbled })).toMatchObject({
      state: 'unhealthy',
      reason: 'GET /v1/models answered with something that is not a model list',
    });
  });

  it('reports 401 as auth_error, saying whether a key was sent, and sends the key to /v1 only', async () => {
    const answers = {
      [`${base}/health`]: { status: 200, body: '' },
      [`${base}/v1/models`]: { status: 401, body: '{"error":"Unauthorized"}' },
    };
    const withoutKey = await checkEndpoint({ url: base, timeoutMs: 1000, httpGet: createFakeHttpGet(answers) });
    expect(withoutKey).toMatchObject({
      state: 'auth_error',
      reason: 'GET /v1/models returned 401: the server requires an API key (set VLLM_API_KEY)',
    });
    const httpGet = createFakeHttpGet(answers);
    const withKey = await checkEndpoint({ url: base, timeoutMs: 1000, apiKey: 'sk-fleet-Zq81', httpGet });
    expect(withKey.reason).toBe('GET /v1/models returned 401: the server rejected the key in VLLM_API_KEY');
    expect(JSON.stringify(withKey)).not.toContain('sk-fleet-Zq81');
    expect(httpGet.calls[0]?.headers).toEqual({});
    expect(httpGet.calls[1]?.headers).toEqual({ authorization: 'Bearer sk-fleet-Zq81' });
  });

  it('reports refused and DNS failures as unreachable, a reset as unhealthy', async () => {
    const refused = await checkEndpoint({ url: base, timeoutMs: 1000, httpGet: createFakeHttpGet({}) });
    expect(refused).toMatchObject({
      state: 'unreachable',
      reason: 'GET /health: connection refused (nothing listening)',
    });
    const dns = await checkEndpoint({
      url: base,
      timeoutMs: 1000,
      httpGet: createFakeHttpGet({ [`${base}/health`]: { errorCode: 'ENOTFOUND' } }),
    });
    expect(dns).toMatchObject({ state: 'unreachable', reason: 'GET /health: host not found (DNS)' });
    const reset = await checkEndpoint({
      url: base,
      timeoutMs: 1000,
      httpGet: createFakeHttpGet({ [`${base}/health`]: { errorCode: 'ECONNRESET' } }),
    });
    expect(reset).toMatchObject({
      state: 'unhealthy',
      reason: 'GET /health: connection reset before a complete answer',
    });
  });

  it('times out a hanging /v1/models within the one deadline that covers both requests', async () => {
    const httpGet = createFakeHttpGet({ [`${base}/health`]: { status: 200, body: '' }, [`${base}/v1/models`]: 'hang' });
    // The fake /v1/models never answers: only the deadline ends the check. The latency is read from
    // the injected clock, at the start and at the end.
    const times = [1000, 1100];
    const check = await checkEndpoint({ url: base, timeoutMs: 100, httpGet, now: () => times.shift() ?? 0 });
    expect(check).toMatchObject({
      state: 'timeout',
      reason: 'no answer within 100 ms (GET /v1/models)',
      latency_ms: 100,
    });
    expect(times).toEqual([]);
  });

  it('accepts any model when none is expected, and lists all of them', async () => {
    const httpGet = createFakeHttpGet({
      [`${base}/health`]: { status: 200, body: '' },
      [`${base}/v1/models`]: { status: 200, body: modelListBody(['a', 'b']) },
    });
    expect(await checkEndpoint({ url: base, timeoutMs: 1000, httpGet })).toMatchObject({
      state: 'healthy',
      models: ['a', 'b'],
      reason: 'serves "a", "b" (max_model_len 4096)',
    });
  });
});
