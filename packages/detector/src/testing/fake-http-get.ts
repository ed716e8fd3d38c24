import type { HttpGet, HttpGetOptions, HttpResponse } from '../http-get.js';

/** A scripted answer: a response, a socket error code (`ECONNREFUSED`, …), or `hang` until aborted. */
export type FakeAnswer = HttpResponse | { errorCode: string } | 'hang';

export interface FakeHttpGet extends HttpGet {
  /** Every request made, in order. */
  readonly calls: { url: string; headers: Readonly<Record<string, string>> }[];
}

/** An injectable `HttpGet` for unit tests, answering by exact URL; unknown URLs are refused. */
export function createFakeHttpGet(answers: Readonly<Record<string, FakeAnswer>>): FakeHttpGet {
  const calls: FakeHttpGet['calls'] = [];
  const get = (url: string, options: HttpGetOptions): Promise<HttpResponse> => {
    calls.push({ url, headers: { ...options.headers } });
    const answer = answers[url] ?? { errorCode: 'ECONNREFUSED' };
    if (answer === 'hang') {
      return new Promise((_resolve, reject) => {
        options.signal.addEventListener('abort', () => reject(options.signal.reason), { once: true });
      });
    }
    if ('errorCode' in answer)
      return Promise.reject(Object.assign(new Error(`connect ${answer.errorCode}`), { code: answer.errorCode }));
    return Promise.resolve(answer);
  };
  return Object.assign(get, { calls });
}

/** The `/v1/models` body vLLM sends for one served name (PROTOCOLS.md §1.2). */
export function modelListBody(ids: readonly string[], maxModelLen = 4096): string {
  return JSON.stringify({
    object: 'list',
    data: ids.map((id) => ({
      id,
      object: 'model',
      created: 1700000000,
      owned_by: 'vllm',
      root: `org/${id}`,
      parent: null,
      max_model_len: maxModelLen,
    })),
  });
}

/** Answers of a healthy server at `base` serving `model`. */
export function healthyServer(base: string, model: string, maxModelLen = 4096): Record<string, FakeAnswer> {
  return {
    [`${base}/health`]: { status: 200, body: '' },
    [`${base}/v1/models`]: { status: 200, body: modelListBody([model], maxModelLen) },
  };
}
