import { UsageError } from '@biopipe/core';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `500ms`, `30s`, `5m`, `1h` or `1.5m` into milliseconds. @throws UsageError */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  const unit = match?.[2];
  if (match === null || unit === undefined) {
    throw new UsageError(`${option} must be a duration like 30s, 5m or 1h, got "${text}".`);
  }
  return Math.round(Number(match[1]) * (UNITS[unit] ?? 1));
}

/** Parses a whole number of at least `minimum`. @throws UsageError */
export function parseCount(text: string, option: string, minimum: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < minimum) {
    throw new UsageError(`${option} must be a whole number of at least ${minimum}, got "${text}".`);
  }
  return Number(text);
}
