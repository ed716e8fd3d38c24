import { BiopipeError } from './errors.js';
import type { AttemptRecord } from './routing-metric.js';

/**
 * The request itself cannot be served, by any target: it asks for more tokens than every candidate's
 * context holds, or a backend refused it for a reason no other backend would see differently (a 400
 * that is not about context length). It is the caller's to fix, so nothing else is tried: the gateway
 * answers 400 `invalid_request_error`, the CLI exits 2.
 */
export class RequestRejectedError extends BiopipeError {
  /** Short class for metrics: `context-length`, `http-400`, `http-422`, … */
  readonly errorClass: string;
  /** The request field at fault, when one is (`max_tokens`, `messages`), else null. */
  readonly param: string | null;
  /** Every attempt made before the refusal (none when it was decided up front). */
  readonly attempts: readonly AttemptRecord[];

  constructor(options: {
    errorClass: string;
    message: string;
    hint?: string | undefined;
    param?: string | undefined;
    attempts?: readonly AttemptRecord[];
    cause?: unknown;
  }) {
    super('usage', options.message, { hint: options.hint, cause: options.cause });
    this.errorClass = options.errorClass;
    this.param = options.param ?? null;
    this.attempts = options.attempts ?? [];
  }
}
