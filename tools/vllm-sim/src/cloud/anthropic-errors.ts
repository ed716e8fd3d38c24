import { SimHttpError } from '../shared/http-io.js';

/** Anthropic's error type per status (PROTOCOLS.md §5). */
const TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const MESSAGES: Readonly<Record<number, string>> = {
  401: 'invalid x-api-key',
  429: 'Number of requests has exceeded your rate limit. Please try again later.',
  500: 'Internal server error',
  529: 'Overloaded',
};

/** `{"type":"error","error":{"type","message"},"request_id"}`. */
export function anthropicErrorBody(status: number, message: string | undefined, requestId: string): unknown {
  return {
    type: 'error',
    error: { type: TYPES[status] ?? 'api_error', message: message ?? MESSAGES[status] ?? 'Error' },
    request_id: requestId,
  };
}

/** An Anthropic error answer, with the `request-id` header every answer carries. */
export function anthropicError(
  status: number,
  message: string | undefined,
  requestId: string,
  retryAfterSeconds?: number,
): SimHttpError {
  const headers: Record<string, string> = { 'request-id': requestId };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  return new SimHttpError(status, anthropicErrorBody(status, message, requestId), headers);
}
