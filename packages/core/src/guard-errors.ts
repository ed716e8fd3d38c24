import { BiopipeError } from './errors.js';
import type { AttemptRecord } from './routing-metric.js';

/**
 * The PHI guard flagged the request and nothing on the cluster could serve it (or the profile's
 * guard blocks flagged requests). Exit 3 / HTTP 503, like any request with no backend: nothing was
 * sent off the cluster.
 */
export class PhiHeldError extends BiopipeError {
  /** What was found, e.g. ["MRN", "date of birth"]: labels only, never the text. */
  readonly identifiers: readonly string[];
  readonly attempts: readonly AttemptRecord[];
  constructor(options: {
    identifiers: readonly string[];
    reason: string;
    attempts?: readonly AttemptRecord[];
    hint?: string;
  }) {
    super(
      'no_backend_available',
      `held on the cluster: the prompt contains patient identifiers (${options.identifiers.join(', ')}); ${options.reason}.`,
      {
        hint:
          options.hint ??
          'Bring a local role back (`biopipe status`) and retry; a request with patient identifiers never goes to a cloud model.',
      },
    );
    this.identifiers = options.identifiers;
    this.attempts = options.attempts ?? [];
  }
}

/** The cloud budget is spent and the request needs the cloud (or the profile blocks it): exit 3 / HTTP 503. */
export class BudgetExceededError extends BiopipeError {
  readonly attempts: readonly AttemptRecord[];
  /** `hint`: what to do instead of waiting for the next period (a ledger that cannot be read says how to reset it). */
  constructor(options: { spent: string; reason: string; attempts?: readonly AttemptRecord[]; hint?: string }) {
    super('no_backend_available', `cloud budget exceeded (${options.spent}); ${options.reason}.`, {
      hint:
        options.hint ??
        'Wait for the next day or month, raise budget in the strategy profile, or bring the local role back.',
    });
    this.attempts = options.attempts ?? [];
  }
}
