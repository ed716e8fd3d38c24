import http from 'node:http';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { CancelSignal } from '@biopipe/router';
import {
  JSON_TYPE,
  chatBody,
  closeScriptedGateways,
  sendRaw,
  startScriptedGateway,
  type RawResponse,
} from '../../test/scripted-gateway.js';
import type { GatewayHandle } from './start-gateway.js';

afterEach(closeScriptedGateways);

/** A request with a JSON content type unless `headers` says otherwise. */
const send = (
  gateway: GatewayHandle,
  options: { path: string; method?: string; body?: string; headers?: http.OutgoingHttpHeaders },
): Promise<RawResponse> => sendRaw(gateway.url, { ...options, headers: { ...JSON_TYPE, ...options.headers } });

describe('startGateway', () => {
  it('streams every part as its own SSE frame, with how it was served in the headers', async () => {
    const { gateway } = await startScriptedGateway([{ kind: 'answer', text: 'one two three' }]);
    const response = await send(gateway, {
      path: '/v1/chat/completions',
      body: chatBody({ stream: true, stream_options: { include_usage: true } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'x-biopipe-route-target': 'generalist',
      'x-biopipe-model': 'qwen',
    });
    const frames = response.body.split('\n\n').filter((frame) => frame !== '');
    expect(frames.at(-1)).toBe('data: [DONE]');
    const chunks = frames.slice(0, -1).map(
      (frame) =>
        JSON.parse(frame.slice('data: '.length)) as {
          choices: { delta?: { content?: string }; finish_reason: string | null }[];
          usage?: unknown;
        },
    );
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? null)).toEqual([
      '',
      'one ',
      'two ',
      'three',
      null,
      null,
    ]);
    expect(chunks[4]?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks[5]).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
    expect(response.headers['x-biopipe-fallback-depth']).toBe('0');
    expect(response.trailers).toEqual({});
  });

  it('ends a stream cut after its first token with an in-band error and no [DONE]', async () => {
    const { gateway } = await startScriptedGateway([
      { kind: 'fail', errorClass: 'stream-cut', retryable: true, afterTokens: 2 },
    ]);
    const response = await send(gateway, { path: '/v1/chat/completions', body: chatBody({ stream: true }) });
    expect(response.status).toBe(200);
    const frames = response.body.split('\n\n').filter((frame) => frame !== '');
    expect(frames).not.toContain('data: [DONE]');
    expect(JSON.parse((frames.at(-1) ?? '').slice('data: '.length))).toMatchObject({
      error: { code: 'stream_interrupted', type: 'upstream_error' },
    });
    expect(frames.length).toBe(4);
    // Counted by the class the metrics record names, not by the snake_case code of the error body.
    expect(await gateway.metrics.render()).toContain(
      'biopipe_gateway_errors_total{endpoint="chat",task="documentation",target="generalist",error_class="stream-cut"} 1',
    );
  });

  it('answers a failure before the first token with a JSON error and its status, not a 200 stream (PHI-safe: 503)', async () => {
    const { gateway } = await startScriptedGateway([
      { kind: 'fail', errorClass: 'http-500', status: 500, retryable: true },
    ]);
    const response = await send(gateway, { path: '/v1/chat/completions', body: chatBody({ stream: true }) });
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: 'cloud_disallowed', type: 'service_unavailable_error' },
    });
    expect(response.headers['content-type']).toBe('application/json');
    expect(await gateway.metrics.render()).toContain('error_class="cloud-disallowed"} 1');
  });

  it('cancels the upstream call when the client disconnects', async () => {
    let seen: CancelSignal | undefined;
    const { gateway } = await startScriptedGateway([{ kind: 'hang' }], {
      wrap: (provider) => ({
        ...provider,
        chat: (request, options) => ((seen = options.signal), provider.chat(request, options)),
      }),
    });
    const request = http.request(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      agent: false,
    });
    request.on('error', () => undefined);
    request.end(chatBody());
    const deadline = Date.now() + 5000;
    while (seen === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen?.aborted).toBe(false);
    request.destroy();
    while (seen?.aborted !== true && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen?.aborted).toBe(true);
    while (gateway.inFlight() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(gateway.inFlight()).toBe(0);
    expect(await gateway.metrics.render()).toContain(
      'biopipe_gateway_errors_total{endpoint="chat",task="documentation",target="generalist",error_class="cancelled"} 1',
    );
  });

  it('refuses a declared oversized body with 413 before reading it, and a chunked one as it passes the limit', async () => {
    const { gateway, calls } = await startScriptedGateway([{ kind: 'answer', text: 'x' }], { maxBodyBytes: 1000 });
    // Only the headers are sent: the answer must come without the body.
    const declared = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        `${gateway.url}/v1/chat/completions`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 10_000_000 }, agent: false },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.flushHeaders();
    });
    expect(declared).toBe(413);
    const chunked = await new Promise<RawResponse>((resolve, reject) => {
      const request = http.request(
        `${gateway.url}/v1/chat/completions`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, trailers: {}, body }),
          );
        },
      );
      request.on('error', reject);
      request.write('{"messages":"');
      request.write('x'.repeat(2000));
    });
    expect(chunked.status).toBe(413);
    expect(chunked.headers.connection).toBe('close');
    expect(JSON.parse(chunked.body)).toMatchObject({
      error: { code: 'payload_too_large', type: 'invalid_request_error' },
    });
    expect(calls()).toBe(0);
  });

  it('answers unknown routes 404, wrong methods 405, and has no admin route without a key', async () => {
    const { gateway } = await startScriptedGateway([{ kind: 'answer', text: 'x' }]);
    expect((await send(gateway, { path: '/v2/chat', body: '{}' })).status).toBe(404);
    const wrongMethod = await send(gateway, { path: '/v1/chat/completions', method: 'GET' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    expect((await send(gateway, { path: '/admin/strategy', body: '{"strategy":"x"}' })).status).toBe(404);
    expect((await send(gateway, { path: '/v1/chat/completions', body: '{not json' })).status).toBe(400);
  });

  it('with a key: requires it on /v1 and /admin, leaves /health open, and switches strategy through the admin route', async () => {
    const { gateway } = await startScriptedGateway([{ kind: 'answer', text: 'x' }], { key: 'k-123' });
    expect((await send(gateway, { path: '/v1/models', method: 'GET' })).status).toBe(401);
    expect(
      (await send(gateway, { path: '/v1/models', method: 'GET', headers: { authorization: 'Bearer k-123' } })).status,
    ).toBe(200);
    expect((await send(gateway, { path: '/health', method: 'GET' })).status).toBe(200);
    expect((await send(gateway, { path: '/admin/strategy', body: '{"strategy":"t4_local_only"}' })).status).toBe(401);
    const unknown = await send(gateway, {
      path: '/admin/strategy',
      body: '{"strategy":"no_such_profile"}',
      headers: { authorization: 'Bearer k-123' },
    });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'unknown_profile' } });
    const current = await send(gateway, {
      path: '/admin/strategy',
      method: 'GET',
      headers: { authorization: 'Bearer k-123' },
    });
    expect(JSON.parse(current.body)).toMatchObject({ strategy: 'scripted' });
    const switched = await send(gateway, {
      path: '/admin/strategy',
      body: '{"strategy":"t4_local_only"}',
      headers: { authorization: 'Bearer k-123' },
    });
    expect(JSON.parse(switched.body)).toMatchObject({
      strategy: 't4_local_only',
      allow_cloud: false,
      previous: 'scripted',
    });
    expect(JSON.parse((await send(gateway, { path: '/health', method: 'GET' })).body)).toMatchObject({
      strategy: 't4_local_only',
    });
  });

  it('encodes embeddings as floats or base64 float32 and names the model that produced them', async () => {
    const { gateway } = await startScriptedGateway([{ kind: 'answer', text: 'x' }]);
    const floats = await send(gateway, {
      path: '/v1/embeddings',
      body: JSON.stringify({ model: 'biopipe:auto', input: ['a', 'b'] }),
    });
    expect(JSON.parse(floats.body)).toMatchObject({
      object: 'list',
      model: 'bge-m3',
      data: [{ index: 0, embedding: [0.1, 0.2, 0.3] }, { index: 1 }],
    });
    expect(floats.headers['x-biopipe-route-target']).toBe('embeddings');
    const encoded = JSON.parse(
      (await send(gateway, { path: '/v1/embeddings', body: JSON.stringify({ input: 'a', encoding_format: 'base64' }) }))
        .body,
    ) as { data: { embedding: string }[] };
    const bytes = Buffer.from(encoded.data[0]?.embedding ?? '', 'base64');
    expect(
      [...new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)].map((value) =>
        Number(value.toFixed(6)),
      ),
    ).toEqual([0.1, 0.2, 0.3]);
    const wrongSize = await send(gateway, {
      path: '/v1/embeddings',
      body: JSON.stringify({ input: 'a', dimensions: 1536 }),
    });
    expect(JSON.parse(wrongSize.body)).toMatchObject({ error: { param: 'dimensions', code: 'invalid_request' } });
  });

  it('says plainly when the port is taken', async () => {
    const { gateway } = await startScriptedGateway([{ kind: 'answer', text: 'x' }]);
    await expect(startScriptedGateway([{ kind: 'answer', text: 'x' }], { port: gateway.port })).rejects.toMatchObject({
      code: 'usage',
      message: `Cannot listen on 127.0.0.1:${gateway.port}: the port is already in use.`,
    });
  });

  it('lets in-flight requests finish on close, then stops', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { gateway } = await startScriptedGateway([{ kind: 'answer', text: 'late' }], {
      wrap: (provider) => ({
        ...provider,
        chat: (request, options) => gate.then(() => provider.chat(request, options)),
      }),
    });
    const pending = send(gateway, { path: '/v1/chat/completions', body: chatBody() });
    while (gateway.inFlight() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const closing = gateway.close(5000);
    setTimeout(release, 50);
    const response = await pending;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ choices: [{ message: { content: 'late' } }] });
    expect(await closing).toEqual({ interrupted: 0 });
  });
});
