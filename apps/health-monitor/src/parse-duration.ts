import { UsageError } from '@biopipe/core';
import { readDuration } from '@biopipe/core/duration';

/** Parses `500ms`, `30s`, `5m`, `1h` or `1.5m` (core's duration grammar) into milliseconds. @throws UsageError */
export function parseDuration(text: string, option: string): number {
  const duration = readDuration(text);
  if (duration.kind !== 'duration') {
    throw new UsageError(`${option} must be a duration like 30s, 5m or 1h, got "${text}".`);
  }
  return duration.ms;
}

/** Parses a whole number of at least `minimum`. @throws UsageError */
export function parseCount(text: string, option: string, minimum: number): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < minimum) {
    throw new UsageError(`${option} must be a whole number of at least ${minimum}, got "${text}".`);
  }
  return Number(text);
}
