import type { BiopipeError } from '@biopipe/core';
import {
  CascadeExhaustedError,
  CloudDisallowedError,
  LocalModelUnavailableError,
  normalizeError,
  type AttemptRecord,
  type StrategyConfig,
} from '@biopipe/core';
import type { CallOptions } from '../providers/provider.js';
import { abortReason, type CancelSignal } from '../resilience/cancellation.js';
import { computeRetryDelay } from '../resilience/retry.js';
import type { Clock } from '../time/clock.js';
import type { Candidate, CandidateList } from './candidate.js';
import type { CascadeStep } from './cascade-plan.js';
import { asClientRejection, withRetryAfter } from './client-rejection.js';
import { asProviderCallError, errorClassOf, failoverScope, verdictFor } from './failover.js';

/** The per-request state the cascade works in. */
export interface CascadeRequest {
  requestId: string;
  /** Aborts on the caller's cancel and at the total deadline (its reason says which). */
  signal: CancelSignal;
  /** `clock.now()` value by which everything must be done. */
  deadlineAt: number;
  /** Every attempt and skip so far, in order; the metric is built from it. */
  attempts: AttemptRecord[];
  /** The fewest tokens the request can need (max_tokens plus the prompt's lower bound); a smaller known context is skipped. */
  minimumTokens?: number | undefined;
}

export interface RunCascadeOptions<T> {
  config: StrategyConfig;
  steps: readonly CascadeStep[];
  /** Candidates of a step, best first; a local step throws LocalModelUnavailableError when none is eligible. */
  listCandidates: (step: CascadeStep) => CandidateList;
  /** One call to one candidate (for a stream: until its first token). */
  attempt: (candidate: Candidate, call: CallOptions) => Promise<T>;
  request: CascadeRequest;
  clock: Clock;
}

export interface CascadeSuccess<T> {
  value: T;
  candidate: Candidate;
  /** Index of the serving step: 0 = the first choice. */
  depth: number;
  /** The successful attempt's record (a stream updates its duration when it ends). */
  record: AttemptRecord;
}

/**
 * Runs the cascade: each step's candidates in order, moving on as the failure says (`failoverScope`),
 * within `retry.max_attempts` attempts and the total deadline. 429/5xx from one replica go to the next
 * replica; only the last step is retried after a backoff (or the server's Retry-After, capped), so a
 * busy replica is not hammered while another target could serve.
 */
export async function runCascade<T>(options: RunCascadeOptions<T>): Promise<CascadeSuccess<T>> {
  const { config, steps, request, clock } = options;
  const { timeouts, retry } = config.profile;
  let attemptsMade = 0;
  let contextError: BiopipeError | undefined;
  let smallestFailedContext: number | undefined;
  // The smallest Retry-After, while every attempt so far answered "busy" (429/503) with one.
  let busyRetryAfterMs: number | undefined;
  let everyAttemptBusy = true;

  const record = (entry: AttemptRecord): AttemptRecord => {
    request.attempts.push(entry);
    return entry;
  };

  for (const [depth, step] of steps.entries()) {
    const isLast = depth === steps.length - 1;
    for (let round = 1; ; round++) {
      let list: CandidateList;
      try {
        list = options.listCandidates(step);
      } catch (error) {
        const failure = normalizeError(error);
        if (!(failure instanceof LocalModelUnavailableError)) throw failure;
        if (round === 1) request.attempts.push(...failure.attempts);
        break;
      }
      if (round === 1) {
        for (const skip of list.skipped)
          record({
            target: skip.target,
            endpoint: skip.endpoint,
            model: null,
            outcome: 'skipped',
            error_class: skip.errorClass,
            duration_ms: 0,
          });
      }
      let retryable: BiopipeError | undefined;
      let leaveStep = false;
      for (const candidate of list.candidates) {
        if (
          candidate.maxModelLen !== undefined &&
          ((smallestFailedContext !== undefined && candidate.maxModelLen <= smallestFailedContext) ||
            candidate.maxModelLen < (request.minimumTokens ?? 0))
        ) {
          record({
            target: candidate.target,
            endpoint: candidate.endpoint,
            model: candidate.model,
            outcome: 'skipped',
            error_class: 'context-too-small',
            duration_ms: 0,
          });
          continue;
        }
        if (attemptsMade >= retry.max_attempts) return fail();
        const remaining = request.deadlineAt - clock.now();
        if (request.signal.aborted || remaining <= 0) throw abortReason(request.signal);
        if (!candidate.acquire()) {
          record({
            target: candidate.target,
            endpoint: candidate.endpoint,
            model: candidate.model,
            outcome: 'skipped',
            error_class: 'circuit-open',
            duration_ms: 0,
          });
          continue;
        }
        attemptsMade++;
        const started = performance.now();
        const limits = {
          connectMs: Math.min(timeouts.connect_ms, remaining),
          firstTokenMs: Math.min(timeouts.first_token_ms, remaining),
          idleMs: timeouts.idle_ms,
        };
        try {
          const value = await options.attempt(candidate, {
            signal: request.signal,
            limits,
            requestId: request.requestId,
          });
          const entry = record({
            target: candidate.target,
            endpoint: candidate.endpoint,
            model: candidate.model,
            outcome: 'success',
            error_class: null,
            duration_ms: performance.now() - started,
          });
          return { value, candidate, depth, record: entry };
        } catch (thrown) {
          const error = normalizeError(thrown);
          candidate.settle(verdictFor(error));
          record({
            target: candidate.target,
            endpoint: candidate.endpoint,
            model: candidate.model,
            outcome: 'error',
            error_class: errorClassOf(error),
            duration_ms: performance.now() - started,
          });
          const call = asProviderCallError(error);
          if (call?.retryAfterMs !== undefined && (call.status === 429 || call.status === 503))
            busyRetryAfterMs = Math.min(busyRetryAfterMs ?? Infinity, call.retryAfterMs);
          else everyAttemptBusy = false;
          const scope = failoverScope(error);
          if (scope === 'stop') throw asClientRejection(error, [...request.attempts]) ?? error;
          if (scope === 'next-replica') {
            retryable = error;
            continue;
          }
          if (scope === 'larger-context') {
            contextError = error;
            smallestFailedContext = Math.min(smallestFailedContext ?? Infinity, candidate.maxModelLen ?? 0);
          }
          leaveStep = true;
          break;
        }
      }
      if (leaveStep || !isLast || retryable === undefined || attemptsMade >= retry.max_attempts) break;
      const retryAfterMs = 'retryAfterMs' in retryable ? (retryable.retryAfterMs as number | undefined) : undefined;
      const delay = computeRetryDelay({ retryNumber: round, retryAfterMs, settings: retry, random: clock.random });
      if (delay === undefined || clock.now() + delay >= request.deadlineAt) break;
      await clock.sleep(delay, request.signal);
    }
  }
  return fail();

  function fail(): never {
    const attempts = [...request.attempts];
    if (contextError !== undefined) throw asClientRejection(contextError, attempts) ?? contextError;
    const retryAfterMs = everyAttemptBusy ? busyRetryAfterMs : undefined;
    const first = steps[0];
    if (first?.kind === 'local' && !config.allowCloud)
      throw withRetryAfter(new CloudDisallowedError(config.name, first.target, attempts), retryAfterMs);
    if (first?.kind === 'local' && steps.length === 1)
      throw withRetryAfter(new LocalModelUnavailableError(first.target, attempts), retryAfterMs);
    throw withRetryAfter(new CascadeExhaustedError(attempts), retryAfterMs);
  }
}
