import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { OpenAiCompatibleProvider } from '../src/index.js';
import type { CallOptions } from '../src/providers/provider.js';

// A server that streams OpenAI chunks as fast as the connection takes them, and reports how far it
// got and whether its writes ever had to wait for the client.
interface FloodServer {
  url: string;
  sent(): number;
  blocked(): boolean;
  close(): Promise<void>;
}

const CHUNK = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'x'.repeat(900) }, finish_reason: null }] })}\n\n`;
const LIMIT_BYTES = 48 * 1024 * 1024;

async function startFloodServer(): Promise<FloodServer> {
  let sent = 0;
  let blocked = false;
  const server = http.createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const pump = (): void => {
      while (sent < LIMIT_BYTES && !response.destroyed) {
        sent += CHUNK.length;
        if (!response.write(CHUNK)) {
          blocked = true;
          response.once('drain', pump);
          return;
        }
      }
      response.end(
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
      );
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: () => sent,
    blocked: () => blocked,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const options = (idleMs: number): CallOptions => ({
  signal: new AbortController().signal,
  limits: { connectMs: 1000, firstTokenMs: 5000, idleMs },
  requestId: 'backpressure',
});
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a stream read slower than the server sends', () => {
  let server: FloodServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('holds the server back through TCP instead of buffering the whole answer', async () => {
    server = await startFloodServer();
    const provider = new OpenAiCompatibleProvider({ kind: 'vllm', baseUrl: server.url, model: 'flood' });
    const events = provider.streamChat({ messages: [{ role: 'user', content: 'go' }] }, options(5000));
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'text-delta' });
    // A reader that stalls: the server must find its writes waiting, far below the whole answer. Waits
    // until the buffers fill (quick on a quiet machine, slower on a loaded one), not a fixed time.
    for (let waited = 0; !server.blocked() && waited < 10_000; waited += 50) await sleep(50);
    expect(server.blocked()).toBe(true);
    await sleep(200);
    expect(server.sent()).toBeLessThan(LIMIT_BYTES / 2);
    await iterator.return?.();
  });

  it('does not count the reader’s stall against the server’s idle deadline, and reads on to the end', async () => {
    server = await startFloodServer();
    const provider = new OpenAiCompatibleProvider({ kind: 'vllm', baseUrl: server.url, model: 'flood' });
    // An idle deadline well above a loaded machine's scheduling gaps (the server shares this process),
    // and a stall well past it.
    const stream = provider.streamChat({ messages: [{ role: 'user', content: 'go' }] }, options(2000));
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await sleep(5000);
    let deltas = 1;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
      if (next.value.type === 'text-delta') deltas += 1;
      else expect(next.value).toMatchObject({ type: 'stream-end', finishReason: 'stop' });
    }
    expect(deltas).toBe(Math.ceil(LIMIT_BYTES / CHUNK.length));
  }, 60_000);
});
