import { afterEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOUD_MODELS, type CloudModel } from '@biopipe/core';
import { ResourceDetector, checkEndpoint } from '../src/index.js';
import { refusingUrl, startHttpServer, startSilentServer, type RunningServer } from './real-servers.js';

// Real sockets, no simulator: the edge cases of the transport itself.
const started: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

describe('endpoint checks over real sockets', () => {
  it('reports a closed port as unreachable at once', async () => {
    const check = await checkEndpoint({ url: await refusingUrl(), timeoutMs: 2000 });
    expect(check).toMatchObject({
      state: 'unreachable',
      reason: 'GET /health: connection refused (nothing listening)',
    });
    expect(check.latency_ms).toBeLessThan(1000);
  });

  it('reports a host that does not resolve as unreachable (DNS)', async () => {
    const check = await checkEndpoint({ url: 'http://no-such-host.invalid:8001', timeoutMs: 2000 });
    expect(check.state).toBe('unreachable');
    expect(check.reason).toMatch(/^GET \/health: (host not found \(DNS\)|DNS lookup failed)/);
  });

  it('times out a server that accepts and never answers, at the deadline', async () => {
    const silent = await startSilentServer();
    started.push(silent);
    const check = await checkEndpoint({ url: silent.url, timeoutMs: 300 });
    expect(check).toMatchObject({ state: 'timeout', reason: 'no answer within 300 ms (GET /health)' });
    expect(check.latency_ms).toBeGreaterThanOrEqual(290);
    expect(check.latency_ms).toBeLessThan(1500);
    expect(silent.connections()).toBe(1);
  });

  it('times out a server that sends headers and then stalls the body', async () => {
    const stalling = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"da');
    });
    started.push(stalling);
    expect(await checkEndpoint({ url: stalling.url, timeoutMs: 300 })).toMatchObject({
      state: 'timeout',
      reason: 'no answer within 300 ms (GET /health)',
    });
  });

  it('reports a server that drops the connection as unhealthy', async () => {
    const dropping = await startHttpServer((request) => request.socket.destroy());
    started.push(dropping);
    expect(await checkEndpoint({ url: dropping.url, timeoutMs: 1000 })).toMatchObject({
      state: 'unhealthy',
      reason: 'GET /health: connection reset before a complete answer',
    });
  });

  it('closes its connections: the process is not kept alive by idle sockets', async () => {
    const server = await startHttpServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(request.url === '/health' ? '' : '{"data":[{"id":"m","max_model_len":1}]}');
    });
    started.push(server);
    expect((await checkEndpoint({ url: server.url, timeoutMs: 1000 })).state).toBe('healthy');
    expect(server.requests.map((request) => [request.path, request.headers.connection])).toEqual([
      ['/health', 'close'],
      ['/v1/models', 'close'],
    ]);
  });
});

describe('cloud key verification against a real HTTP server', () => {
  it('sends the key only in its header and reports valid or invalid without it', async () => {
    const secret = 'sk-VERIFY-distinctive-5510';
    const api = await startHttpServer((request, response) => {
      const ok = request.headers.authorization === `Bearer ${secret}` || request.headers['x-api-key'] === secret;
      response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      response.end(ok ? '{"data":[]}' : '{"error":{"message":"bad key"}}');
    });
    started.push(api);
    const openaiStyle: CloudModel = {
      ...(DEFAULT_CLOUD_MODELS['deepseek-v3'] as CloudModel),
      base_url: api.url,
      api_key_env: 'SIM_KEY',
    };
    const anthropicStyle: CloudModel = {
      ...(DEFAULT_CLOUD_MODELS['claude-3.5-sonnet'] as CloudModel),
      base_url: api.url,
      api_key_env: 'SIM_KEY',
    };
    const detect = (key: string) =>
      new ResourceDetector({
        endpoints: [],
        cloudModels: [
          { name: 'a', model: openaiStyle, used: true },
          { name: 'b', model: anthropicStyle, used: true },
        ],
        env: { SIM_KEY: key },
        verifyKeys: true,
        slurm: false,
      }).detect();
    const good = await detect(secret);
    expect(good.cloud_apis.map((status) => status.verification)).toEqual(['valid', 'valid']);
    expect(api.requests.map((request) => request.path)).toEqual(['/models', '/v1/models']);
    expect(api.requests[1]?.headers['anthropic-version']).toBe('2023-06-01');
    const bad = await detect('sk-wrong-distinctive-8821');
    expect(bad.cloud_apis.map((status) => status.verification)).toEqual(['invalid', 'invalid']);
    expect(JSON.stringify([good, bad])).not.toMatch(/distinctive/);
  });
});
