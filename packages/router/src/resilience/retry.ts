import type { RetrySettings } from '@biopipe/core';

/** Response headers as a lookup (node's IncomingHttpHeaders, lower-case names). */
export type HeaderLookup = Readonly<Record<string, string | string[] | undefined>>;

function headerValue(headers: HeaderLookup, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The wait a server asked for: `retry-after-ms` (OpenAI, Anthropic), else `retry-after` in seconds or
 * as an HTTP date (RFC 9110 §10.2.3). Undefined when neither is present or parseable.
 */
export function parseRetryAfter(headers: HeaderLookup, now: number): number | undefined {
  const milliseconds = headerValue(headers, 'retry-after-ms');
  if (milliseconds !== undefined) {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headerValue(headers, 'retry-after');
  if (retryAfter === undefined || retryAfter.trim() === '') return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** What decides one retry's wait. */
export interface RetryDelayOptions {
  /** 1 for the first retry, 2 for the second, … */
  retryNumber: number;
  /** The wait the server asked for, if any. */
  retryAfterMs: number | undefined;
  settings: RetrySettings;
  random: () => number;
}

/**
 * How long to wait before a retry, or `undefined` when the server asked for longer than
 * `retry_after_cap_ms` (then the caller moves on instead of waiting). Without a server hint:
 * exponential backoff from `base_delay_ms`, capped at `max_delay_ms`, with full jitter in its upper half.
 */
export function computeRetryDelay(options: RetryDelayOptions): number | undefined {
  const { settings } = options;
  if (options.retryAfterMs !== undefined) {
    return options.retryAfterMs > settings.retry_after_cap_ms ? undefined : options.retryAfterMs;
  }
  const exponential = Math.min(
    settings.max_delay_ms,
    settings.base_delay_ms * 2 ** Math.max(0, options.retryNumber - 1),
  );
  return Math.round(exponential / 2 + (exponential / 2) * options.random());
}
