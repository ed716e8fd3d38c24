import http from 'node:http';
import https from 'node:https';

/** A response as the checks need it: the status and the (small) body as text. */
export interface HttpResponse {
  status: number;
  body: string;
}

export interface HttpGetOptions {
  headers?: Readonly<Record<string, string>>;
  /** Aborting rejects at once, whatever the request is waiting for (DNS, connect, headers, body). */
  signal: AbortSignal;
}

/** One GET request. Rejects with the socket error (with its `code`) or the signal's reason. */
export type HttpGet = (url: string, options: HttpGetOptions) => Promise<HttpResponse>;

/** Health and model-list answers are small; anything larger is not a vLLM server answering. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * GET with node:http(s) and no connection pool (`agent: false`): each check opens and closes its
 * own connection, so a finished check never keeps the process alive through an idle keep-alive socket.
 */
export const httpGet: HttpGet = (url, options) =>
  new Promise((resolve, reject) => {
    const { signal } = options;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let settled = false;
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      settle();
    };
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.get(
      target,
      { headers: { accept: 'application/json', ...options.headers }, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            request.destroy(new Error(`answer larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          finish(() => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })),
        );
        response.on('error', (error) => finish(() => reject(error)));
      },
    );
    // The signal is handled here rather than through the request's own `signal` option so the promise
    // settles the moment it fires, even while a DNS lookup is still running in the thread pool.
    const onAbort = (): void => {
      finish(() => reject(signal.reason));
      request.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => finish(() => reject(error)));
  });
