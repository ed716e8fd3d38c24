import { ProviderCallError, type ProviderKind } from '@biopipe/core';
import { parseRetryAfter, type HeaderLookup } from '../resilience/retry.js';
import { cleanServerMessage } from './clean-server-message.js';

/** What an error body says, whichever shape it came in. */
interface ErrorBody {
  message: string | undefined;
  type: string | undefined;
  param: string | undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads the error shapes servers send (PROTOCOLS.md §1.6, §4, §5): vLLM ≤ 0.10.0 flat
 * `{"object":"error","message",…}`, vLLM ≥ 0.10.1 / OpenAI / DeepSeek nested `{"error":{"message",…}}`,
 * Anthropic `{"type":"error","error":{"type","message"}}`, and vLLM's auth `{"error":"Unauthorized"}`.
 */
export function parseErrorBody(text: string): ErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { message: asString(text.trim().slice(0, 300)), type: undefined, param: undefined };
  }
  if (typeof body !== 'object' || body === null) return { message: undefined, type: undefined, param: undefined };
  const record = body as Record<string, unknown>;
  const nested = record['error'];
  if (typeof nested === 'string') return { message: nested, type: undefined, param: undefined };
  const source = typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>) : record;
  return {
    message: cleanServerMessage(asString(source['message'])),
    type: asString(source['type']),
    param: asString(source['param']),
  };
}

/** Failure classes no retry can fix, by status (DeepSeek's 402 is an empty balance: alert, do not retry). */
const FINAL_STATUS_CLASSES: Readonly<Record<number, string>> = {
  400: 'bad-request',
  401: 'auth',
  402: 'insufficient-balance',
  403: 'forbidden',
  413: 'request-too-large',
  422: 'invalid-parameters',
};

export interface ErrorResponse {
  provider: ProviderKind;
  endpoint: string;
  status: number;
  headers: HeaderLookup;
  body: string;
  now: number;
}

/**
 * Turns an HTTP error response into a ProviderCallError whose `isRetryable` is decided here, once:
 * refused-like statuses (408, 409, 429, 5xx, 529) are retryable; 400/401/402/403/413/422 are not.
 * A 400 about the context length gets its own class so the cascade may try a larger model. A 404
 * naming the model means the replica serves another model (a misplaced or restarted job): retryable
 * elsewhere.
 */
export function parseErrorResponse(response: ErrorResponse): ProviderCallError {
  const parsed = parseErrorBody(response.body);
  const detail = parsed.message ?? `HTTP ${response.status}`;
  const { status } = response;
  let errorClass = FINAL_STATUS_CLASSES[status] ?? `http-${status}`;
  let isRetryable = status === 408 || status === 409 || status === 429 || status >= 500;
  if (status === 400 && /maximum context length|context length|too many tokens|prompt is too long/i.test(detail))
    errorClass = 'context-length';
  if (status === 404) {
    const aboutModel = parsed.param === 'model' || /model/i.test(detail);
    errorClass = aboutModel ? 'wrong-model' : 'http-404';
    isRetryable = aboutModel;
  }
  return new ProviderCallError({
    provider: response.provider,
    url: response.endpoint,
    status,
    errorClass,
    isRetryable,
    retryAfterMs: isRetryable ? parseRetryAfter(response.headers, response.now) : undefined,
    message: `${response.endpoint} answered ${status}: ${detail}`,
  });
}
