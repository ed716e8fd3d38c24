import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * An HTTP error answer prepared by a handler: the status, the exact JSON body the simulated server
 * sends, and any extra headers (`Retry-After`). Thrown inside handlers, written by the router.
 */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: OutgoingHttpHeaders = {},
  ) {
    super(`HTTP ${status}`);
    this.name = 'SimHttpError';
  }
}

/** Largest request body the simulators accept (the Anthropic API's limit is 32 MB). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Reads the whole request body as text. Rejects with a 413 SimHttpError past 32 MB. */
export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new SimHttpError(413, {
            error: { message: 'Request body too large', type: 'request_too_large', param: null, code: 413 },
          }),
        );
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

/** Writes a complete JSON answer with Content-Length (keep-alive friendly). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** Writes an empty answer (vLLM's `/health`). */
export function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-length': 0 });
  response.end();
}

/** Starts a server-sent-events answer and sends the headers at once, before the first event. */
export function startEventStream(response: ServerResponse, headers: OutgoingHttpHeaders = {}): void {
  response.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  response.flushHeaders();
}

/** True once the client went away or the answer was ended: nothing more should be written. */
export function isGone(response: ServerResponse): boolean {
  return response.destroyed || response.writableEnded;
}
