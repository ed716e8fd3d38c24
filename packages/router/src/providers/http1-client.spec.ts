import { afterEach, describe, expect, it } from '@jest/globals';
import { getEventListeners, once } from 'node:events';
import http from 'node:http';
import net, { type NetConnectOpts, type Socket } from 'node:net';
import { Cancellation } from '../resilience/cancellation.js';
import { Http1Client, type Http1ClientOptions, type Http1RequestOptions } from './http1-client.js';
import type { UpstreamResponse } from './upstream-response.js';

/** A server on port 0 that counts connections and can be torn down with every socket it holds. */
interface TestServer {
  port: number;
  connections: number;
  /** Server-side sockets still open. */
  sockets: Set<Socket>;
  /** Resolves when the `index`-th connection (0-based) is closed on the server side. */
  closed(index: number): Promise<void>;
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function createClient(options?: Http1ClientOptions): Http1Client {
  const client = new Http1Client(options);
  cleanups.push(() => client.close());
  return client;
}

async function listen(server: net.Server): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const closings: Promise<void>[] = [];
  const state: TestServer = {
    port: 0,
    connections: 0,
    sockets,
    closed: (index) => closings[index] ?? Promise.reject(new Error(`no connection ${index}`)),
  };
  server.on('connection', (socket: Socket) => {
    state.connections++;
    sockets.add(socket);
    closings.push(once(socket, 'close').then(() => undefined));
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.port = (server.address() as net.AddressInfo).port;
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return state;
}

function startHttpServer(handler: http.RequestListener, options: http.ServerOptions = {}): Promise<TestServer> {
  return listen(http.createServer(options, handler));
}

/** A raw TCP server; `answer` is called once per request received (head and content-length body). */
function startRawServer(
  answer: (socket: Socket, request: { head: string; body: string; connection: number; index: number }) => void,
): Promise<TestServer> {
  let connectionCount = 0;
  return listen(
    net.createServer((socket) => {
      const connection = connectionCount++;
      let index = 0;
      let buffered = Buffer.alloc(0);
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          const headEnd = buffered.indexOf('\r\n\r\n');
          if (headEnd === -1) return;
          const head = buffered.toString('latin1', 0, headEnd);
          const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
          if (buffered.length < headEnd + 4 + length) return;
          const body = buffered.toString('utf8', headEnd + 4, headEnd + 4 + length);
          buffered = buffered.subarray(headEnd + 4 + length);
          answer(socket, { head, body, connection, index: index++ });
        }
      });
    }),
  );
}

function requestOptions(port: number, overrides: Partial<Http1RequestOptions> = {}): Http1RequestOptions {
  return {
    host: '127.0.0.1',
    port,
    method: 'GET',
    path: '/',
    headers: {},
    signal: new Cancellation(),
    connectTimeoutMs: 2000,
    ...overrides,
  };
}

interface ReadResult {
  body: Buffer;
  chunks: number;
  error: Error | undefined;
  endCalls: number;
}

/** Reads a whole body; checks `end` comes exactly once (a second call a tick later is caught). */
async function readBody(response: UpstreamResponse): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let endCalls = 0;
  const error = await new Promise<Error | undefined>((resolve) => {
    response.read({
      data: (chunk) => {
        if (endCalls > 0) throw new Error('data after end');
        chunks.push(chunk);
      },
      end: (endError) => {
        endCalls++;
        resolve(endError);
      },
    });
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { body: Buffer.concat(chunks), chunks: chunks.length, error, endCalls };
}

async function fetchText(
  client: Http1Client,
  options: Http1RequestOptions,
): Promise<{ status: number; text: string; response: UpstreamResponse }> {
  const response = await client.request(options);
  const result = await readBody(response);
  expect(result.error).toBeUndefined();
  expect(result.endCalls).toBe(1);
  return { status: response.status, text: result.body.toString('utf8'), response };
}

/** Writes `data` one byte per write, with a macrotask between writes so the bytes travel apart. */
async function writeBytewise(socket: Socket, data: string): Promise<void> {
  socket.setNoDelay(true);
  for (const byte of Buffer.from(data, 'latin1')) {
    if (socket.destroyed) return;
    socket.write(Buffer.of(byte));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Counts `write` calls on `socket` in `counts[n]`, n being the socket's creation order. */
function countWrites(socket: Socket, counts: number[]): Socket {
  const index = counts.push(0) - 1;
  const write = socket.write.bind(socket) as (chunk: string | Buffer) => boolean;
  socket.write = ((chunk: string | Buffer) => {
    counts[index] = (counts[index] ?? 0) + 1;
    return write(chunk);
  }) as typeof socket.write;
  return socket;
}

/** Polls `condition` every 10 ms, failing after `limitMs`. */
async function waitFor(condition: () => boolean, limitMs = 5000): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function errorOf(promise: Promise<unknown>): Promise<NodeJS.ErrnoException> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as NodeJS.ErrnoException,
  );
}

const CHUNKED_RESPONSE =
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\nX-Multi: a\r\nx-multi: b\r\n\r\n' +
  '5;name="va;lue"\r\nhello\r\n' +
  'A; second\r\n, chunked!\r\n' +
  '0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n';

describe('Http1Client', () => {
  it('POSTs a JSON body in one write with host, content-length and keep-alive, and reads a content-length body', async () => {
    const seen: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
    const server = await startHttpServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        Object.assign(seen, { method: request.method, url: request.url, headers: request.headers, body });
        const json = JSON.stringify({ id: 'chatcmpl-1', choices: [{ message: { role: 'assistant', content: 'ok' } }] });
        response.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(json),
          'X-Request-Id': 'r-1',
        });
        response.end(json);
      });
    });
    const writes: number[] = [];
    const client = createClient({ createConnection: (options) => countWrites(net.connect(options), writes) });
    const body = JSON.stringify({ model: 'qwen', messages: [{ role: 'user', content: 'hi' }] });
    const response = await client.request(
      requestOptions(server.port, {
        method: 'POST',
        path: '/v1/chat/completions?x=1',
        headers: { 'content-type': 'application/json', 'x-request-id': 'r-1' },
        body,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-request-id']).toBe('r-1');
    // The body arrived before read(): it is buffered and handed over on read.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const result = await readBody(response);
    expect(JSON.parse(result.body.toString('utf8'))).toMatchObject({ id: 'chatcmpl-1' });
    expect(result).toMatchObject({ error: undefined, endCalls: 1 });
    expect(writes).toEqual([1]);
    expect(seen).toMatchObject({ method: 'POST', url: '/v1/chat/completions?x=1', body });
    expect(seen.headers).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      'content-length': String(Buffer.byteLength(body)),
      connection: 'keep-alive',
      'content-type': 'application/json',
      'x-request-id': 'r-1',
    });
  });

  it('parses a chunked body sent one byte per TCP write, with chunk extensions, trailers and a repeated header', async () => {
    const server = await startRawServer((socket) => void writeBytewise(socket, CHUNKED_RESPONSE));
    const client = createClient();
    for (let round = 0; round < 2; round++) {
      const response = await client.request(requestOptions(server.port));
      expect(response.headers['x-multi']).toBe('a, b');
      expect(response.headers['x-checksum']).toBeUndefined();
      const result = await readBody(response);
      expect(result).toMatchObject({ error: undefined, endCalls: 1 });
      expect(result.body.toString()).toBe('hello, chunked!');
      expect(result.chunks).toBeGreaterThanOrEqual(2);
    }
    // The trailer's end was found exactly: the socket went back to the pool and was reused.
    expect(server.connections).toBe(1);
  });

  it('parses a chunked response split in two writes at every byte position', async () => {
    const response = Buffer.from(CHUNKED_RESPONSE, 'latin1');
    const server = await startRawServer((socket, request) => {
      const split = request.index;
      socket.setNoDelay(true);
      socket.write(response.subarray(0, split));
      setImmediate(() => socket.write(response.subarray(split)));
    });
    const client = createClient();
    for (let split = 1; split < response.length; split++) {
      const { text } = await fetchText(client, requestOptions(server.port));
      expect(text).toBe('hello, chunked!');
    }
    expect(server.connections).toBe(1);
  });

  it('resolves on the response head of a stream before the first body chunk, which comes 100 ms later', async () => {
    let bodyWritten = false;
    const server = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.flushHeaders();
      setTimeout(() => {
        bodyWritten = true;
        response.write('data: {"delta":"hi"}\n\n');
        setTimeout(() => response.end('data: [DONE]\n\n'), 20);
      }, 100);
    });
    const client = createClient();
    const response = await client.request(requestOptions(server.port, { method: 'POST', body: '{}' }));
    expect(bodyWritten).toBe(false);
    expect(response.headers['content-type']).toBe('text/event-stream');
    const result = await readBody(response);
    expect(result.body.toString()).toBe('data: {"delta":"hi"}\n\ndata: [DONE]\n\n');
    expect(result.chunks).toBeGreaterThanOrEqual(2);
  });

  it('skips 1xx informational responses and reads the final one', async () => {
    const server = await startRawServer((socket) => {
      socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n');
      setImmediate(() => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    });
    const client = createClient();
    const { status, text, response } = await fetchText(client, requestOptions(server.port));
    expect([status, text, response.headers['link']]).toEqual([200, 'ok', undefined]);
  });

  it('reads a 204 as an empty body and reuses the socket', async () => {
    const server = await startHttpServer((_request, response) => {
      response.writeHead(204);
      response.end();
    });
    const client = createClient();
    for (let round = 0; round < 3; round++) {
      const { status, text } = await fetchText(client, requestOptions(server.port));
      expect([status, text]).toEqual([204, '']);
    }
    expect(server.connections).toBe(1);
  });

  it('reads a body without content-length or chunking until the server closes, and does not reuse that socket', async () => {
    const server = await startRawServer((socket) => {
      socket.write('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst ');
      setTimeout(() => socket.end('second'), 20);
    });
    const client = createClient();
    for (let round = 0; round < 2; round++) {
      const { text } = await fetchText(client, requestOptions(server.port));
      expect(text).toBe('first second');
    }
    expect(server.connections).toBe(2);
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    const server = await startHttpServer((request, response) => response.end(`echo ${request.url}`));
    const client = createClient();
    for (let round = 0; round < 5; round++) {
      const { text } = await fetchText(client, requestOptions(server.port, { path: `/${round}` }));
      expect(text).toBe(`echo /${round}`);
    }
    expect(server.connections).toBe(1);
  });

  it('does not reuse a socket whose response said connection: close, nor one of an HTTP/1.0 response', async () => {
    const server = await startHttpServer((request, response) => {
      if (request.url === '/close') response.setHeader('connection', 'close');
      response.end('x');
    });
    const client = createClient();
    await fetchText(client, requestOptions(server.port, { path: '/close' }));
    await fetchText(client, requestOptions(server.port, { path: '/close' }));
    expect(server.connections).toBe(2);
    const legacy = await startRawServer((socket) => socket.write('HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx'));
    await fetchText(client, requestOptions(legacy.port));
    await fetchText(client, requestOptions(legacy.port));
    expect(legacy.connections).toBe(2);
  });

  it('drops a pooled socket the server closed and opens a new connection for the next request', async () => {
    const server = await startHttpServer((_request, response) => response.end('x'));
    const writes: number[] = [];
    const client = createClient({ createConnection: (options) => countWrites(net.connect(options), writes) });
    await fetchText(client, requestOptions(server.port));
    for (const socket of server.sockets) socket.destroy();
    await server.closed(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { text } = await fetchText(client, requestOptions(server.port));
    expect(text).toBe('x');
    // Nothing was written to the closed socket (no keep-alive race and retry were needed).
    expect(writes).toEqual([1, 1]);
    expect(server.connections).toBe(2);
  });

  it('drops a pooled socket on which the server sends bytes while idle', async () => {
    const server = await startRawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx');
      setTimeout(() => socket.write('HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n'), 20);
    });
    const client = createClient();
    await fetchText(client, requestOptions(server.port));
    await server.closed(0);
    await fetchText(client, requestOptions(server.port));
    expect(server.connections).toBe(2);
  });

  it('never resends a POST that a reused socket carried when the server reads it and then resets (no silent resend)', async () => {
    const received: string[] = [];
    const server = await startRawServer((socket, request) => {
      received.push(request.body);
      // The second request is read whole, then the connection resets: vLLM dying mid-generation.
      if (request.index === 1) socket.resetAndDestroy();
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    const client = createClient();
    await fetchText(client, requestOptions(server.port, { method: 'POST', body: 'first' }));
    const error = await errorOf(client.request(requestOptions(server.port, { method: 'POST', body: 'generate' })));
    expect(error.code).toBe('ECONNRESET');
    // Give a resend, had there been one, time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual(['first', 'generate']);
    expect(server.connections).toBe(1);
  });

  it('never resends a request whose reused socket closes before any response byte (the keep-alive race)', async () => {
    const received: string[] = [];
    const server = await startRawServer((socket, request) => {
      received.push(request.body);
      if (request.index === 1) socket.destroy();
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    const client = createClient();
    await fetchText(client, requestOptions(server.port, { method: 'POST', body: 'first' }));
    const error = await errorOf(client.request(requestOptions(server.port, { method: 'POST', body: 'again' })));
    expect(error.code).toBe('ECONNRESET');
    expect(error.message).toMatch(/reused keep-alive connection.*not resent/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual(['first', 'again']);
    expect(server.connections).toBe(1);
  });

  it('fails with ECONNRESET, without a retry, when a fresh connection closes before the answer', async () => {
    const server = await startRawServer((socket) => socket.destroy());
    const client = createClient();
    const error = await errorOf(client.request(requestOptions(server.port)));
    expect(error.code).toBe('ECONNRESET');
    expect(error.message).toMatch(/closed the connection before answering/);
    expect(server.connections).toBe(1);
  });

  it("passes node's own ECONNRESET through when the server resets the connection", async () => {
    const server = await startRawServer((socket) => socket.resetAndDestroy());
    const client = createClient();
    const error = await errorOf(client.request(requestOptions(server.port)));
    expect(error.code).toBe('ECONNRESET');
    expect(error.syscall).toBe('read');
  });

  it('never retries once a response byte arrived on a reused socket', async () => {
    const client = createClient();
    const partial = await startRawServer((socket, request) => {
      if (request.index === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      else socket.end('HTTP/1.1 200 OK\r\n');
    });
    await fetchText(client, requestOptions(partial.port));
    const error = await errorOf(client.request(requestOptions(partial.port)));
    expect(error.code).toBe('ECONNRESET');
    expect(partial.connections).toBe(1);
  });

  it("rejects with node's ECONNREFUSED on a port nobody listens on", async () => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const error = await errorOf(createClient().request(requestOptions(port)));
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.syscall).toBe('connect');
  });

  it("rejects with node's name-lookup error for an unknown host", async () => {
    const error = await errorOf(createClient().request(requestOptions(80, { host: 'no-such-host.invalid' })));
    // ENOTFOUND where a resolver answers; EAI_AGAIN on a machine without one.
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(error.code);
    expect(error.syscall).toBe('getaddrinfo');
  });

  it('fails with ETIMEDOUT when no connection is made within connectTimeoutMs', async () => {
    // A name lookup that never answers keeps the socket connecting, as a blackholed SYN would.
    const client = createClient({
      createConnection: (options) => net.connect({ ...(options as net.TcpNetConnectOpts), lookup: () => undefined }),
    });
    const started = Date.now();
    const error = await errorOf(client.request(requestOptions(80, { host: 'blackhole.test', connectTimeoutMs: 50 })));
    expect(error.code).toBe('ETIMEDOUT');
    expect(error.message).toBe('no connection within 50 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('rejects with the abort reason when aborted before the headers, closes the socket and removes its listener', async () => {
    let requestSeen: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => (requestSeen = resolve));
    const server = await startHttpServer(() => requestSeen());
    const controller = new AbortController();
    const pending = createClient().request(requestOptions(server.port, { signal: controller.signal }));
    await seen;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    expect(await errorOf(pending)).toBe(reason);
    await server.closed(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it("rejects with Error('aborted') for a non-Error reason, and at once for a signal already aborted", async () => {
    const server = await startHttpServer(() => undefined);
    const client = createClient();
    const cancellation = new Cancellation();
    const pending = client.request(requestOptions(server.port, { signal: cancellation }));
    cancellation.abort('stop');
    expect((await errorOf(pending)).message).toBe('aborted');
    const before = server.connections;
    const error = await errorOf(client.request(requestOptions(server.port, { signal: cancellation })));
    expect(error.message).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.connections).toBe(before);
  });

  it('ends the body with the abort reason when aborted mid-body', async () => {
    const server = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
    });
    const controller = new AbortController();
    const response = await createClient().request(requestOptions(server.port, { signal: controller.signal }));
    const reading = readBody(response);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new Error('client went away');
    controller.abort(reason);
    const result = await reading;
    expect(result).toMatchObject({ error: reason, endCalls: 1 });
    expect(result.body.toString()).toBe('data: 1\n\n');
    await server.closed(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('destroy() mid-body ends the read with an error and closes the socket; after the body it is a no-op', async () => {
    const server = await startHttpServer((request, response) => {
      if (request.url === '/hang') response.write('part');
      else response.end('whole');
    });
    const client = createClient();
    const hanging = await client.request(requestOptions(server.port, { path: '/hang' }));
    const reading = readBody(hanging);
    await new Promise((resolve) => setTimeout(resolve, 20));
    hanging.destroy();
    hanging.destroy();
    const result = await reading;
    expect(result.error?.message).toBe('response destroyed');
    expect(result.endCalls).toBe(1);
    await server.closed(0);

    const { response } = await fetchText(client, requestOptions(server.port));
    response.destroy(new Error('late'));
    await fetchText(client, requestOptions(server.port));
    expect(server.connections).toBe(2);
  });

  it.each([
    ['a status line without a code', 'HTTP/1.1 OK\r\n\r\n', /malformed status line "HTTP\/1.1 OK"/],
    ['another protocol', 'HTP/1.1 200 OK\r\n\r\n', /malformed status line/],
    ['HTTP/2 framing', 'HTTP/2 200\r\n\r\n', /malformed status line/],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nContent-Length 2\r\n\r\nok', /not "name: value"/],
    [
      'obsolete line folding',
      'HTTP/1.1 200 OK\r\nX-A: 1\r\n  continued\r\nContent-Length: 2\r\n\r\nok',
      /obsolete line folding/,
    ],
    [
      'conflicting content-length values',
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok',
      /invalid content-length "2, 3"/,
    ],
    ['a negative content-length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /invalid content-length/],
    [
      '101 without an upgrade',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n',
      /101 Switching Protocols/,
    ],
  ])('rejects %s with HPE_INVALID', async (_name, raw, message) => {
    const server = await startRawServer((socket) => socket.write(raw));
    const error = await errorOf(createClient().request(requestOptions(server.port)));
    expect(error.code).toBe('HPE_INVALID');
    expect(error.message).toMatch(message);
    await server.closed(0);
  });

  it.each([
    ['a chunk size that is not hex', '5\r\nhello\r\nzz\r\n', /not a hex digit/],
    ['a chunk longer than its size line', '3\r\nhello\r\n0\r\n\r\n', /not followed by CRLF/],
    ['an oversized chunk size', 'fffffffffffffffff\r\n', /too large/],
  ])('ends the body with HPE_INVALID on %s', async (_name, body, message) => {
    const server = await startRawServer((socket) =>
      socket.write(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body}`),
    );
    const response = await createClient().request(requestOptions(server.port));
    const result = await readBody(response);
    expect((result.error as NodeJS.ErrnoException | undefined)?.code).toBe('HPE_INVALID');
    expect(result.error?.message).toMatch(message);
    await server.closed(0);
  });

  it('ends the body with ECONNRESET when the server closes before content-length bytes arrived', async () => {
    const server = await startRawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello'));
    const response = await createClient().request(requestOptions(server.port));
    const result = await readBody(response);
    expect((result.error as NodeJS.ErrnoException | undefined)?.code).toBe('ECONNRESET');
    expect(result.error?.message).toMatch(/after 5 of 10 body bytes/);
    expect(result.body.toString()).toBe('hello');
  });

  it('does not reuse a socket that sent bytes past the end of the response', async () => {
    const server = await startRawServer((socket) =>
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA'),
    );
    const client = createClient();
    expect((await fetchText(client, requestOptions(server.port))).text).toBe('ok');
    expect((await fetchText(client, requestOptions(server.port))).text).toBe('ok');
    expect(server.connections).toBe(2);
  });

  it('receives 1 MiB bodies intact, with content-length and chunked', async () => {
    const payload = Buffer.alloc(1024 * 1024);
    for (let index = 0; index < payload.length; index++) payload[index] = (index * 7) % 251;
    const server = await startHttpServer((request, response) => {
      if (request.url === '/chunked') {
        for (let offset = 0; offset < payload.length; offset += 100_000)
          response.write(payload.subarray(offset, offset + 100_000));
        response.end();
      } else {
        response.setHeader('content-length', payload.length);
        response.end(payload);
      }
    });
    const client = createClient();
    for (const path of ['/length', '/chunked']) {
      const response = await client.request(requestOptions(server.port, { path }));
      expect(response.headers['transfer-encoding']).toBe(path === '/chunked' ? 'chunked' : undefined);
      const result = await readBody(response);
      expect(result.error).toBeUndefined();
      expect(result.body.equals(payload)).toBe(true);
    }
    expect(server.connections).toBe(1);
  });

  it('sends a utf8 body with multi-byte characters and its byte length', async () => {
    let received: { length?: string | undefined; body?: string } = {};
    const server = await startHttpServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received = { length: request.headers['content-length'], body: Buffer.concat(chunks).toString('utf8') };
        response.setHeader('content-type', 'text/plain; charset=utf-8');
        response.end(received.body);
      });
    });
    const body = 'naïve Bayes – αβγ 🧬 DNA';
    const { text } = await fetchText(
      createClient(),
      requestOptions(server.port, { method: 'POST', body, headers: { 'x-note': 'café' } }),
    );
    expect(received).toEqual({ length: String(Buffer.byteLength(body)), body });
    expect(text).toBe(body);
  });

  it('rejects a header value with a line break, or a header the client sets, before connecting', async () => {
    const server = await startHttpServer((_request, response) => response.end());
    const client = createClient();
    const injected = await errorOf(
      client.request(requestOptions(server.port, { headers: { authorization: 'Bearer secret\r\nx-evil: 1' } })),
    );
    expect(injected.message).toMatch(/invalid value for request header "authorization"/);
    expect(injected.message).not.toMatch(/secret/);
    const reserved = await errorOf(client.request(requestOptions(server.port, { headers: { 'content-length': '3' } })));
    expect(reserved.message).toMatch(/"content-length" is set by the HTTP client/);
    const path = await errorOf(client.request(requestOptions(server.port, { path: '/a b' })));
    expect(path.message).toMatch(/invalid request path/);
    expect(server.connections).toBe(0);
  });

  it('serves 50 concurrent requests over one client, each with its own answer', async () => {
    const server = await startHttpServer((request, response) => {
      setTimeout(() => response.end(JSON.stringify({ path: request.url })), 5);
    });
    const client = createClient();
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          fetchText(client, requestOptions(server.port, { path: `/item/${index}` })),
        ),
      );
      expect(results.map(({ text }) => (JSON.parse(text) as { path: string }).path)).toEqual(
        Array.from({ length: 50 }, (_, index) => `/item/${index}`),
      );
    }
    expect(server.connections).toBe(50);
  });

  it('keeps listener counts constant over 1000 sequential requests on one pooled socket, without MaxListenersExceededWarning', async () => {
    const server = await startHttpServer((_request, response) => response.end('{"ok":true}'));
    const sockets: Socket[] = [];
    const client = createClient({
      createConnection: (options: NetConnectOpts) => {
        const socket = net.connect(options);
        sockets.push(socket);
        return socket;
      },
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    cleanups.push(() => void process.off('warning', onWarning));
    const controller = new AbortController();
    const events = ['data', 'end', 'close', 'error', 'connect', 'timeout', 'drain', 'finish'];
    const count = (): number[] => events.map((event) => sockets[0]?.listenerCount(event) ?? -1);
    await fetchText(client, requestOptions(server.port, { signal: controller.signal }));
    const initial = count();
    for (let round = 0; round < 1000; round++)
      await fetchText(client, requestOptions(server.port, { signal: controller.signal }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(count()).toEqual(initial);
    expect(sockets).toHaveLength(1);
    expect(server.connections).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('closes sockets idle past idleTimeoutMs and connects anew afterwards', async () => {
    // The server would keep the socket for a minute: closing it is the client's doing.
    const server = await startHttpServer((_request, response) => response.end('x'), { keepAliveTimeout: 60_000 });
    const client = createClient({ idleTimeoutMs: 100 });
    await fetchText(client, requestOptions(server.port));
    let closed = false;
    void server.closed(0).then(() => (closed = true));
    await waitFor(() => closed, 2000);
    await fetchText(client, requestOptions(server.port));
    expect(server.connections).toBe(2);
  });

  it('keeps at most maxIdlePerOrigin idle sockets, and close() closes them', async () => {
    const server = await startHttpServer((_request, response) => setTimeout(() => response.end('x'), 20));
    const client = createClient({ maxIdlePerOrigin: 1 });
    await Promise.all([0, 1, 2].map(() => fetchText(client, requestOptions(server.port))));
    expect(server.connections).toBe(3);
    await waitFor(() => server.sockets.size === 1);
    client.close();
    await waitFor(() => server.sockets.size === 0);
    expect(server.connections).toBe(3);
  });

  it('ends the read with the error a consumer throws from data, and closes the socket', async () => {
    const server = await startHttpServer((_request, response) => {
      response.write('one');
      setTimeout(() => response.end('two'), 20);
    });
    const response = await createClient().request(requestOptions(server.port));
    const failure = new Error('consumer failed');
    const ended = await new Promise<Error | undefined>((resolve) => {
      let calls = 0;
      response.read({
        data: () => {
          if (++calls === 1) return;
          throw failure;
        },
        end: resolve,
      });
    });
    expect(ended).toBe(failure);
    await server.closed(0);
  });
});
