import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkEndpoint } from './check-endpoint.js';

let server: Server;
let base: string;
let behaviour: { health: number; models: number; names: string[]; delayMs: number } = {
  health: 200,
  models: 200,
  names: ['coder'],
  delayMs: 0,
};
const requests: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request);
    setTimeout(() => {
      if (request.url === '/health') response.writeHead(behaviour.health).end();
      else
        response
          .writeHead(behaviour.models, { 'content-type': 'application/json' })
          .end(JSON.stringify({ object: 'list', data: behaviour.names.map((id) => ({ id, object: 'model' })) }));
    }, behaviour.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const check = (overrides: Partial<typeof behaviour> = {}, apiKey?: string) => {
  behaviour = { health: 200, models: 200, names: ['coder'], delayMs: 0, ...overrides };
  return checkEndpoint({
    url: `${base}/`,
    servedModelName: 'coder',
    timeoutMs: 300,
    ...(apiKey === undefined ? {} : { apiKey }),
  });
};

describe('checkEndpoint against a real HTTP server', () => {
  it('is healthy when /health answers 200 and /v1/models lists the served name, and sends the key only there', async () => {
    requests.length = 0;
    expect(await check({}, 'secret-key')).toMatchObject({ state: 'healthy', detail: '', url: `${base}/` });
    expect(requests.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/health', undefined],
      ['/v1/models', 'Bearer secret-key'],
    ]);
  });

  it('reports 503 from /health as unhealthy, another model as wrong_model, 401 as auth_error', async () => {
    expect(await check({ health: 503 })).toMatchObject({ state: 'unhealthy', detail: '/health answered 503' });
    expect(await check({ names: ['math'] })).toMatchObject({
      state: 'wrong_model',
      detail: '/v1/models lists math, not coder',
    });
    expect(await check({ models: 401 })).toMatchObject({ state: 'auth_error' });
  });

  it('reports a slow server as timeout', async () => {
    expect(await check({ delayMs: 1000 })).toMatchObject({ state: 'timeout' });
  });

  it('reports a closed port as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(
      await checkEndpoint({ url: `http://127.0.0.1:${port}`, servedModelName: 'coder', timeoutMs: 1000 }),
    ).toMatchObject({ state: 'unreachable', detail: 'ECONNREFUSED' });
  });
});
