import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { checkRoleEndpoint } from './check-role-endpoint.js';

let server: Server;
let base: string;
let behaviour: { health: number; models: number; names: string[]; hang: boolean } = {
  health: 200,
  models: 200,
  names: ['coder'],
  hang: false,
};
const requests: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request);
    if (behaviour.hang) return;
    if (request.url === '/health') response.writeHead(behaviour.health).end();
    else
      response
        .writeHead(behaviour.models, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'list', data: behaviour.names.map((id) => ({ id, object: 'model' })) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const check = (overrides: Partial<typeof behaviour> = {}, apiKey?: string) => {
  behaviour = { health: 200, models: 200, names: ['coder'], hang: false, ...overrides };
  return checkRoleEndpoint({
    url: `${base}/`,
    servedModelName: 'coder',
    // Only the hanging server should meet the deadline, however loaded the machine.
    timeoutMs: overrides.hang === true ? 300 : 10_000,
    ...(apiKey === undefined ? {} : { apiKey }),
  });
};

describe('checkRoleEndpoint against a real HTTP server', () => {
  it('is healthy when /health answers 200 and /v1/models lists the served name, and sends the key only there', async () => {
    requests.length = 0;
    expect(await check({}, 'secret-key')).toMatchObject({ state: 'healthy', detail: '', url: `${base}/` });
    expect(requests.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/health', undefined],
      ['/v1/models', 'Bearer secret-key'],
    ]);
  });

  it('reports 503 from /health as unhealthy, another model as wrong_model, 401 as auth_error', async () => {
    expect(await check({ health: 503 })).toMatchObject({
      state: 'unhealthy',
      detail: 'GET /health returned 503 (engine dead or not ready)',
    });
    expect(await check({ names: ['math'] })).toMatchObject({
      state: 'wrong_model',
      detail: 'serves "math", expected "coder"',
    });
    expect(await check({ models: 401 })).toMatchObject({
      state: 'auth_error',
      detail: 'GET /v1/models returned 401: the server requires an API key (set VLLM_API_KEY)',
    });
  });

  it('reports a slow server as timeout', async () => {
    expect(await check({ hang: true })).toMatchObject({
      state: 'timeout',
      detail: 'no answer within 300 ms (GET /health)',
    });
  });

  it('reports a reset connection as unhealthy, as the detector does (something is there, but broken)', async () => {
    const resetting = createNetServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    try {
      const port = (resetting.address() as AddressInfo).port;
      expect(
        await checkRoleEndpoint({ url: `http://127.0.0.1:${port}`, servedModelName: 'coder', timeoutMs: 1000 }),
      ).toMatchObject({ state: 'unhealthy', detail: 'GET /health: connection reset before a complete answer' });
    } finally {
      await new Promise((resolve) => resetting.close(resolve));
    }
  });

  it('reports a closed port as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(
      await checkRoleEndpoint({ url: `http://127.0.0.1:${port}`, servedModelName: 'coder', timeoutMs: 1000 }),
    ).toMatchObject({ state: 'unreachable', detail: 'GET /health: connection refused (nothing listening)' });
  });
});
