import { SimHttpError } from '../shared/http-io.js';

/** OpenAI's error envelope: `{"error":{"message","type","param","code"}}`. */
export function openAiErrorBody(
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
): unknown {
  return { error: { message, type, param, code } };
}

/**
 * The body a status gets on the OpenAI-compatible simulator, worded as DeepSeek and OpenAI word
 * them (PROTOCOLS.md §4): 401 bad key, 402 insufficient balance, 429 rate limit, 5xx server errors.
 */
export function openAiStatusError(status: number, message?: string, retryAfterSeconds = 1): SimHttpError {
  switch (status) {
    case 400:
      return new SimHttpError(400, openAiErrorBody(message ?? 'Invalid request.', 'invalid_request_error'));
    case 401:
      return new SimHttpError(
        401,
        openAiErrorBody(
          message ?? 'Authentication Fails, Your api key is invalid',
          'authentication_error',
          'invalid_request_error',
        ),
      );
    case 402:
      return new SimHttpError(
        402,
        openAiErrorBody(message ?? 'Insufficient Balance', 'unknown_error', 'invalid_request_error'),
      );
    case 404:
      return new SimHttpError(
        404,
        openAiErrorBody(message ?? 'Not found.', 'invalid_request_error', 'model_not_found'),
      );
    case 422:
      return new SimHttpError(422, openAiErrorBody(message ?? 'Invalid parameters.', 'invalid_request_error'));
    case 429:
      return new SimHttpError(
        429,
        openAiErrorBody(message ?? 'Rate limit reached for requests', 'requests', 'rate_limit_exceeded'),
        { 'retry-after': String(retryAfterSeconds) },
      );
    case 503:
      return new SimHttpError(
        503,
        openAiErrorBody(message ?? 'Server overloaded, please try again later.', 'server_error'),
      );
    default:
      return new SimHttpError(
        status,
        openAiErrorBody(
          message ?? 'The server had an error while processing your request. Sorry about that!',
          'server_error',
        ),
      );
  }
}

/** A 400 naming the bad field. */
export function openAiBadRequest(message: string, param: string | null = null): SimHttpError {
  return new SimHttpError(400, openAiErrorBody(message, 'invalid_request_error', null, param));
}
