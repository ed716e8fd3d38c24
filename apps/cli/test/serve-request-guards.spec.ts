import { afterEach, describe, expect, it } from '@jest/globals';
import { normalizeAllowedOrigin } from '../src/serve/check-request-origin.js';
import { JSON_TYPE, chatBody, closeScriptedGateways, sendRaw, startScriptedGateway } from './scripted-gateway.js';

afterEach(closeScriptedGateways);

const start = (options: Parameters<typeof startScriptedGateway>[1] = {}) =>
  startScriptedGateway([{ kind: 'answer', text: 'ok' }], options);

describe('a web page cannot drive biopipe serve', () => {
  it('refuses a POST that is not JSON with 415 in the OpenAI envelope, calling no model', async () => {
    const { gateway, calls } = await start();
    for (const headers of [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      {},
    ]) {
      const response = await sendRaw(gateway.url, { path: '/v1/chat/completions', body: chatBody(), headers });
      expect(response.status).toBe(415);
      expect(response.headers.connection).toBe('close');
      expect(JSON.parse(response.body)).toMatchObject({
        error: { code: 'unsupported_media_type', type: 'invalid_request_error', param: null },
      });
    }
    const embeddings = await sendRaw(gateway.url, {
      path: '/v1/embeddings',
      body: '{"input":"a"}',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(embeddings.status).toBe(415);
    expect(calls()).toBe(0);
    for (const type of ['application/json; charset=utf-8', 'Application/JSON']) {
      const accepted = await sendRaw(gateway.url, {
        path: '/v1/chat/completions',
        body: chatBody(),
        headers: { 'content-type': type },
      });
      expect(accepted.status).toBe(200);
    }
    expect(calls()).toBe(2);
  });

  it('refuses any request carrying an Origin with 403, unless the origin is allowed', async () => {
    const { gateway, calls } = await start();
    for (const origin of ['http://evil.example', 'null', gateway.url]) {
      const response = await sendRaw(gateway.url, {
        path: '/v1/chat/completions',
        body: chatBody(),
        headers: { ...JSON_TYPE, origin },
      });
      expect(response.status).toBe(403);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(JSON.parse(response.body)).toMatchObject({
        error: { code: 'forbidden_origin', type: 'permission_error' },
      });
    }
    const preflight = await sendRaw(gateway.url, {
      path: '/v1/chat/completions',
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(calls()).toBe(0);
  });

  it('answers an allowed origin with CORS headers and its preflight with 204', async () => {
    const { gateway, calls } = await start({
      allowOrigins: ['https://Notebook.example:8443/', 'http://localhost:3000'],
    });
    const preflight = await sendRaw(gateway.url, {
      path: '/v1/chat/completions',
      method: 'OPTIONS',
      headers: {
        origin: 'https://notebook.example:8443',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': 'https://notebook.example:8443',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type, x-request-id, x-biopipe-task',
      vary: 'Origin',
    });
    const answered = await sendRaw(gateway.url, {
      path: '/v1/chat/completions',
      body: chatBody(),
      headers: { ...JSON_TYPE, origin: 'http://localhost:3000' },
    });
    expect(answered.status).toBe(200);
    expect(answered.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(answered.headers['access-control-expose-headers']).toContain('x-biopipe-route-target');
    expect(calls()).toBe(1);
    const other = await sendRaw(gateway.url, {
      path: '/health',
      method: 'GET',
      headers: { origin: 'https://notebook.example:8444' },
    });
    expect(other.status).toBe(403);
  });

  it('on a loopback bind, refuses a Host that names another machine with 421 (DNS rebinding)', async () => {
    const { gateway, calls } = await start();
    const port = gateway.port;
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1.evil.example:${port}`,
      `localhost:${port + 1}`,
    ]) {
      for (const [path, method] of [
        ['/v1/chat/completions', 'POST'],
        ['/health', 'GET'],
        ['/v1/models', 'GET'],
      ] as const) {
        const response = await sendRaw(gateway.url, {
          path,
          method,
          body: chatBody(),
          headers: { ...JSON_TYPE, host },
        });
        expect({ host, path, status: response.status }).toEqual({ host, path, status: 421 });
        expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'misdirected_request' } });
      }
    }
    expect(calls()).toBe(0);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, 'LOCALHOST', `127.8.9.10:${port}`, `[::1]:${port}`]) {
      const response = await sendRaw(gateway.url, { path: '/health', method: 'GET', headers: { host } });
      expect({ host, status: response.status }).toEqual({ host, status: 200 });
    }
  });

  it('answers the names given with --allow-host, for a reverse proxy', async () => {
    const { gateway } = await start({ allowHosts: ['biopipe.internal'] });
    const proxied = await sendRaw(gateway.url, {
      path: '/health',
      method: 'GET',
      headers: { host: 'BioPipe.internal:443' },
    });
    expect(proxied.status).toBe(200);
    const other = await sendRaw(gateway.url, { path: '/health', method: 'GET', headers: { host: 'other.internal' } });
    expect(other.status).toBe(421);
  });

  it('refuses an --allow-origin value that is not an origin, saying what to give', () => {
    expect(normalizeAllowedOrigin('HTTPS://App.Example:443')).toBe('https://app.example');
    for (const value of ['app.example', 'ftp://app.example', 'https://app.example/path', 'https://u:p@app.example'])
      expect(() => normalizeAllowedOrigin(value)).toThrow(/is not an origin/);
  });
});
