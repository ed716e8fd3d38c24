import type { RoutingDecision, RoutingMetric } from '@biopipe/core';
import { isCurrentRoutingDecision, isCurrentRoutingMetric } from './is-current-routing-record.js';

/** What one line of a metrics file holds. */
export type ParsedLine =
  | { kind: 'metric'; record: RoutingMetric; /** Upgraded from an older schema version. */ upgraded: boolean }
  | { kind: 'decision'; record: RoutingDecision }
  | { kind: 'invalid'; reason: string };

/** A JSON object that needs the zod schemas (a decision, an older or partial record, or an invalid one). */
export type UncheckedLine = { kind: 'unchecked'; value: Record<string, unknown> };

/**
 * The fast path, with no schema library loaded: JSON.parse, then hand-written shape checks that
 * accept exactly the current metric and decision records. Everything else comes back `unchecked` for
 * `parseCheckedRecord` (importing zod costs about half a second of CPU, so a reader thread that only
 * meets current records never loads it).
 */
export function parseRecordFast(line: string): ParsedLine | UncheckedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'invalid', reason: 'not valid JSON (a torn or cut line?)' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'not a JSON object' };
  }
  const object = value as Record<string, unknown>;
  if (isCurrentRoutingMetric(object)) return { kind: 'metric', record: object, upgraded: false };
  if (isCurrentRoutingDecision(object)) return { kind: 'decision', record: object };
  return { kind: 'unchecked', value: object };
}
