import { BiopipeError } from './errors.js';
import { collapseRepeats } from './collapse-repeats.js';
import type { AttemptRecord } from './routing-metric.js';

/** Which side of biopipe a provider speaks for. */
export type ProviderKind = 'vllm' | 'openai-compatible' | 'anthropic';

export interface ProviderCallErrorOptions {
  provider: ProviderKind;
  /** Base URL of the endpoint (never with credentials). */
  url: string;
  /** HTTP status, when the server answered. */
  status?: number | undefined;
  /** Short class of failure: `refused`, `timeout-connect`, `timeout-first-token`, `timeout-idle`, `http-503`, `context-length`, … */
  errorClass: string;
  message: string;
  /** Decided once, from the status or the failure kind. */
  isRetryable: boolean;
  /** Server-requested wait before retrying, from `retry-after-ms` or `retry-after`. */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/** One call to one endpoint failed. */
export class ProviderCallError extends BiopipeError {
  readonly provider: ProviderKind;
  readonly url: string;
  readonly status: number | undefined;
  readonly errorClass: string;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(options: ProviderCallErrorOptions) {
    super('provider_call_failed', options.message, { cause: options.cause });
    this.provider = options.provider;
    this.url = options.url;
    this.status = options.status;
    this.errorClass = options.errorClass;
    this.isRetryable = options.isRetryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The endpoint's circuit is open: it failed repeatedly and is cooling down. */
export class CircuitOpenError extends BiopipeError {
  readonly endpoint: string;
  constructor(endpoint: string, retryInMs: number) {
    super(
      'circuit_open',
      `Circuit for ${endpoint} is open after repeated failures; next probe in ${Math.ceil(retryInMs / 1000)} s.`,
    );
    this.endpoint = endpoint;
  }
}

function describeAttempts(attempts: readonly AttemptRecord[]): string {
  if (attempts.length === 0) return 'no attempt was possible';
  return collapseRepeats(
    attempts.map((attempt) => `${attempt.endpoint ?? attempt.target}: ${attempt.error_class ?? attempt.outcome}`),
  ).join('; ');
}

/** Every replica of a local role is down or its circuit open. */
export class LocalModelUnavailableError extends BiopipeError {
  readonly role: string;
  readonly attempts: readonly AttemptRecord[];
  constructor(role: string, attempts: readonly AttemptRecord[], hint?: string) {
    super(
      'local_model_unavailable',
      `No replica of local role "${role}" could serve the request (${describeAttempts(attempts)}).`,
      {
        hint: hint ?? `Check the fleet with \`biopipe status\`; restart the ${role} server or its SLURM job.`,
      },
    );
    this.role = role;
    this.attempts = attempts;
  }
}

/** The local role could not serve and the profile forbids the cloud (PHI-safe). */
export class CloudDisallowedError extends BiopipeError {
  readonly profile: string;
  readonly role: string;
  readonly attempts: readonly AttemptRecord[];
  constructor(profile: string, role: string, attempts: readonly AttemptRecord[]) {
    super(
      'cloud_disallowed',
      `Local role "${role}" is unavailable and strategy "${profile}" does not allow the cloud (PHI-safe), so nothing was sent off the cluster (${describeAttempts(attempts)}).`,
      {
        hint: `Bring the ${role} server back (\`biopipe status\`), or, only for data without PHI, use a profile that allows the cloud.`,
      },
    );
    this.profile = profile;
    this.role = role;
    this.attempts = attempts;
  }
}

/**
 * Attempt classes meaning the target never got the request: nobody listening, no route, no key,
 * circuit open or seen down. When every attempt is one of these, nothing could serve (exit 3);
 * otherwise a backend took the request and failed it (exit 1).
 */
const NEVER_REACHED: ReadonlySet<string> = new Set([
  'refused',
  'timeout-connect',
  'dns',
  'unreachable',
  'no-key',
  'circuit-open',
  'unhealthy',
  'cloud-disallowed',
  'disallowed',
]);

/** Every target in the cascade was tried and failed (`no_backend_available` when none was reachable). */
export class CascadeExhaustedError extends BiopipeError {
  readonly attempts: readonly AttemptRecord[];
  constructor(attempts: readonly AttemptRecord[], hint?: string) {
    const noneReached =
      attempts.length > 0 && attempts.every((attempt) => NEVER_REACHED.has(attempt.error_class ?? ''));
    super(
      noneReached ? 'no_backend_available' : 'cascade_exhausted',
      noneReached
        ? `No backend could be reached (${describeAttempts(attempts)}).`
        : `Every backend tried failed (${describeAttempts(attempts)}).`,
      { hint: hint ?? 'See `biopipe status` for the fleet and cloud keys; retry later.' },
    );
    this.attempts = attempts;
  }
}

/** A stream failed after its first token; the answer is incomplete. */
export class StreamInterruptedError extends BiopipeError {
  readonly errorClass: string;
  constructor(errorClass: string, message: string, cause?: unknown) {
    super('stream_interrupted', `The answer was cut off after it started: ${message}`, {
      hint: 'The partial answer is incomplete; ask again.',
      cause,
    });
    this.errorClass = errorClass;
  }
}

/** The request used up `timeouts.total_ms` (every attempt and wait included) before any backend answered. */
export class RequestTimeoutError extends BiopipeError {
  readonly totalMs: number;
  readonly attempts: readonly AttemptRecord[];
  constructor(totalMs: number, attempts: readonly AttemptRecord[]) {
    super(
      'request_timeout',
      `The request took longer than timeouts.total_ms (${totalMs} ms) (${describeAttempts(attempts)}).`,
      {
        hint: 'Raise timeouts.total_ms in the strategy profile, or check the fleet with `biopipe status`.',
      },
    );
    this.totalMs = totalMs;
    this.attempts = attempts;
  }
}
