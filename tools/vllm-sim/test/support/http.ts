import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** A finished HTTP exchange, body as text. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** Sends a request with node:http (no keep-alive) and reads the whole body; rejects on socket errors. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const request = httpRequest(
      url,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
        agent: false,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
        response.on('error', reject);
        response.on('aborted', () =>
          reject(Object.assign(new Error(`response aborted after ${JSON.stringify(text)}`), { partial: text })),
        );
      },
    );
    request.on('error', reject);
    if (options.timeoutMs !== undefined)
      request.setTimeout(options.timeoutMs, () =>
        request.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })),
      );
    request.end(payload);
  });
}

/** POST a JSON body. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send(url, { method: 'POST', body, headers });
}

/** The JSON payloads of `data:` frames, in order (`[DONE]` kept as the string). */
export function dataFrames(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => {
      const data = frame.slice('data: '.length);
      return data === '[DONE]' ? data : (JSON.parse(data) as unknown);
    });
}

/** Polls until `check` is true (a generous deadline: the machine may be loaded). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with the socket error code a request gets (e.g. ECONNREFUSED), or "none". */
export async function connectionErrorOf(url: string): Promise<string> {
  try {
    await send(url, { timeoutMs: 2000 });
    return 'none';
  } catch (error) {
    return String((error as { code?: unknown }).code ?? (error as Error).message);
  }
}
