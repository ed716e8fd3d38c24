import type { BiopipeError, ProviderCallError } from '@biopipe/core';
import type { AttemptVerdict } from './candidate.js';

/**
 * Where a failed attempt sends the request next:
 * - `next-replica`: anything a retry may fix elsewhere (refused, timeouts, 408/409/429/5xx, cut or
 *   malformed streams, a replica serving the wrong model);
 * - `next-target`: an account problem of one provider (401, 402, 403), or a target that cannot do the
 *   operation at all: another provider may serve;
 * - `larger-context`: the prompt is too long for this model: only a target with a larger context helps;
 * - `stop`: the request itself is wrong (400, 422), was cancelled or ran out of time.
 */
export type FailoverScope = 'next-replica' | 'next-target' | 'larger-context' | 'stop';

const ACCOUNT_PROBLEMS = new Set(['auth', 'insufficient-balance', 'forbidden']);
/** Retryable answers that say "busy", not "broken": they do not count against a replica's circuit. */
const LOAD_SIGNALS = new Set(['http-408', 'http-409', 'http-429']);

/** The error as a ProviderCallError (by code, so two copies of core still agree). */
export function asProviderCallError(error: BiopipeError): ProviderCallError | undefined {
  return error.code === 'provider_call_failed' && 'isRetryable' in error ? (error as ProviderCallError) : undefined;
}

export function failoverScope(error: BiopipeError): FailoverScope {
  const call = asProviderCallError(error);
  if (call === undefined) return error.code === 'aborted' || error.code === 'request_timeout' ? 'stop' : 'next-target';
  if (call.isRetryable) return 'next-replica';
  if (call.errorClass === 'context-length') return 'larger-context';
  return ACCOUNT_PROBLEMS.has(call.errorClass) ? 'next-target' : 'stop';
}

/** What a failure says about the replica's health (only breakage opens circuits). */
export function verdictFor(error: BiopipeError): AttemptVerdict {
  const call = asProviderCallError(error);
  return call !== undefined && call.isRetryable && !LOAD_SIGNALS.has(call.errorClass) ? 'failure' : 'neutral';
}

export { errorClassOf } from '@biopipe/core';
