const marker = Symbol.for('biopipe.error');

/** Stable error codes; `exit-codes.ts` maps each to a CLI exit code. */
export type BiopipeErrorCode =
  | 'config_invalid'
  | 'config_file_unreadable'
  | 'unknown_profile'
  | 'invalid_profile_name'
  | 'unknown_task_type'
  | 'usage'
  | 'strategy_detection_failed'
  | 'provider_call_failed'
  | 'circuit_open'
  | 'local_model_unavailable'
  | 'cloud_disallowed'
  | 'cascade_exhausted'
  | 'no_backend_available'
  | 'stream_interrupted'
  | 'request_timeout'
  | 'aborted'
  | 'content_policy_violation'
  | 'internal';

export interface BiopipeErrorOptions {
  /** One sentence saying what the user can do about it. */
  hint?: string;
  cause?: unknown;
}

/**
 * Base class of every error biopipe raises on purpose. `code` is stable (scripts and exit codes rely
 * on it); `hint` says what to do. `isInstance` works across two copies of this package because it
 * checks a `Symbol.for` marker rather than the prototype chain.
 */
export class BiopipeError extends Error {
  readonly [marker] = true;
  readonly code: BiopipeErrorCode;
  readonly hint: string | undefined;

  constructor(code: BiopipeErrorCode, message: string, options: BiopipeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }

  static isInstance(value: unknown): value is BiopipeError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

/** Wraps anything thrown that is not a BiopipeError, once, at the edge. */
export function normalizeError(error: unknown): BiopipeError {
  if (BiopipeError.isInstance(error)) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new BiopipeError('aborted', 'The request was cancelled.', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new BiopipeError('internal', `Unexpected error: ${message}`, {
    cause: error,
    hint: 'Run again with --debug for the stack trace and report it.',
  });
}

/**
 * The hint to print on its own line under an error's message: undefined when there is none, or when
 * the message already carries it (a ConfigValidationError locates its first problem, hint included).
 */
export function hintToPrint(error: BiopipeError): string | undefined {
  return error.hint === undefined || error.message.includes(error.hint) ? undefined : error.hint;
}
