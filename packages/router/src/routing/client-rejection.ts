import { RequestRejectedError, type AttemptRecord, type BiopipeError } from '@biopipe/core';
import { asProviderCallError } from './failover.js';

/** Statuses that say "this request is wrong" whoever serves it (not about context size, account or load). */
const CLIENT_STATUSES = new Set([400, 413, 422]);

/**
 * A backend's refusal that is the caller's to fix, as a RequestRejectedError (400 at the gateway, exit
 * 2 for the CLI): a 400/413/422 that no other target would answer differently, or a context-length
 * refusal that no larger context could take. Undefined for any other failure.
 */
export function asClientRejection(
  error: BiopipeError,
  attempts: readonly AttemptRecord[],
): RequestRejectedError | undefined {
  const call = asProviderCallError(error);
  if (call === undefined || call.isRetryable || call.status === undefined) return undefined;
  const contextLength = call.errorClass === 'context-length';
  if (!contextLength && !CLIENT_STATUSES.has(call.status)) return undefined;
  return new RequestRejectedError({
    errorClass: call.errorClass,
    message: `The request was refused as invalid (${call.status}): ${call.message}`,
    hint: contextLength
      ? 'No model it could go to has a context large enough: send a shorter prompt or a smaller max_tokens.'
      : 'Fix the request as the message says; no other model was asked, as each would refuse it the same way.',
    attempts,
    cause: call,
  });
}

/** An error carrying the smallest Retry-After every busy backend asked for (the gateway sends it on). */
export function withRetryAfter<T extends BiopipeError>(error: T, retryAfterMs: number | undefined): T {
  return retryAfterMs === undefined ? error : Object.assign(error, { retryAfterMs });
}
