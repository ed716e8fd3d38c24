import { UsageError } from '@biopipe/core/errors';

/** A `--since` value that is neither a duration (`30m`, `24h`, `7d`) nor an ISO 8601 time. */
export class InvalidSinceError extends UsageError {
  readonly value: string;
  constructor(value: string, reason: string) {
    super(
      `Invalid --since value ${JSON.stringify(value)}: ${reason}.`,
      'Use a duration such as 30m, 24h or 7d (minutes, hours, days), or an ISO 8601 time such as 2025-06-01 or 2025-06-01T08:00:00Z.',
    );
    this.value = value;
  }
}
