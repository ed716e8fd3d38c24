import type { AttemptRecord, RoutingCandidate, RoutingDecision, RoutingMetric } from '@biopipe/core';

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

/**
 * core's ROUTING_RECORD_SCHEMA_VERSION, repeated so the fast path does not load core (and zod);
 * `parse-record-fast.spec.ts` fails when the two differ.
 */
export const FAST_PATH_SCHEMA_VERSION = 1;
/** The keys both record kinds begin with, in the order the sink writes them. */
export const RECORD_HEAD_KEYS = [
  'type',
  'schema_version',
  'timestamp',
  'request_id',
  'strategy_profile',
  'task_type',
] as const;

// The reader's fast path. zod costs several microseconds per record, which is most of the report's
// time on a million-line file; these checks cost a fraction of that. They accept exactly the objects
// `routingMetricSchema` would pass through unchanged (every field present, no defaults to fill in);
// anything else goes to zod. `parse-record-fast.spec.ts` holds the two to agreement.

const isString = (value: unknown): value is string => typeof value === 'string';
const isNullableString = (value: unknown): boolean => value === null || typeof value === 'string';
/** Error classes are kebab-case; a snake_case one (older files) goes to the schema path, which upgrades it. */
const isErrorClass = (value: unknown): boolean => value === null || (typeof value === 'string' && !value.includes('_'));
const isNonNegative = (value: unknown): value is number =>
  typeof value === 'number' && value >= 0 && Number.isFinite(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isNullableCount = (value: unknown): boolean => value === null || isCount(value);

const isCountsOrNull = (value: unknown): boolean =>
  value === null ||
  (typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every(isCount));

const isVariantOrAbsent = (value: unknown): boolean =>
  value === undefined ||
  (typeof value === 'object' &&
    value !== null &&
    isString((value as Record<string, unknown>)['experiment']) &&
    isString((value as Record<string, unknown>)['arm']));

const SAFETY_VERDICTS = new Set(['safe', 'unsafe', 'unavailable']);
const SAFETY_ACTIONS = new Set(['block', 'flag', 'fail_open', 'fail_closed', 'none']);
const isSafetyOrAbsent = (value: unknown): boolean => {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const categories = record['categories'];
  return (
    SAFETY_VERDICTS.has(record['verdict'] as string) &&
    SAFETY_ACTIONS.has(record['action'] as string) &&
    Array.isArray(categories) &&
    categories.every(isString)
  );
};

function isAttempt(value: unknown): value is AttemptRecord {
  if (typeof value !== 'object' || value === null) return false;
  const attempt = value as Record<string, unknown>;
  return (
    isString(attempt['target']) &&
    isNullableString(attempt['endpoint']) &&
    isNullableString(attempt['model']) &&
    (attempt['outcome'] === 'success' || attempt['outcome'] === 'error' || attempt['outcome'] === 'skipped') &&
    isErrorClass(attempt['error_class']) &&
    isNonNegative(attempt['duration_ms'])
  );
}

/** True when `value` is a complete record of the current schema version, exactly as `routingMetricSchema` outputs it. */
export function isCurrentRoutingMetric(value: Record<string, unknown>): value is RoutingMetric {
  const attempts = value['attempts'];
  if (!(
    value['type'] === 'routing_metric' &&
    value['schema_version'] === FAST_PATH_SCHEMA_VERSION &&
    isString(value['timestamp']) &&
    isString(value['request_id']) &&
    isString(value['strategy_profile']) &&
    isString(value['task_type']) &&
    isCount(value['query_length']) &&
    isString(value['target']) &&
    isNullableString(value['model_used']) &&
    isNullableString(value['provider']) &&
    isNullableString(value['endpoint']) &&
    isCount(value['fallback_depth']) &&
    typeof value['cloud'] === 'boolean' &&
    Array.isArray(attempts) &&
    (value['ttft_ms'] === null || isNonNegative(value['ttft_ms'])) &&
    isNonNegative(value['latency_ms']) &&
    isNullableCount(value['prompt_tokens']) &&
    isNullableCount(value['completion_tokens']) &&
    typeof value['success'] === 'boolean' &&
    isErrorClass(value['error_class']) &&
    isNullableString(value['error_message']) &&
    typeof value['stream'] === 'boolean' &&
    (value['complexity_score'] === null ||
      (typeof value['complexity_score'] === 'number' && Number.isFinite(value['complexity_score']))) &&
    (value['complexity_decision'] === null ||
      value['complexity_decision'] === 'weak' ||
      value['complexity_decision'] === 'strong') &&
    isNullableString(value['complexity_version']) &&
    isString(value['router_version']) &&
    isNonNegative(value['cost_usd']) &&
    typeof value['cost_estimated'] === 'boolean' &&
    isCountsOrNull(value['phi_categories']) &&
    typeof value['budget_exceeded'] === 'boolean' &&
    isVariantOrAbsent(value['variant']) &&
    isSafetyOrAbsent(value['safety_guard'])
  )) {
    return false;
  }
  for (const attempt of attempts) if (!isAttempt(attempt)) return false;
  return true;
}

// The same for decisions: debug routing writes one per request, and zod would cost a reader thread
// both its import and several microseconds each.

const CANDIDATE_KINDS = new Set(['replica', 'cloud']);
const CANDIDATE_STATES = new Set([
  'healthy',
  'unknown',
  'unhealthy',
  'circuit-open',
  'half-open',
  'disallowed',
  'no-key',
]);

function isCandidate(value: unknown): value is RoutingCandidate {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const inFlight = candidate['in_flight'];
  return (
    typeof candidate['target'] === 'string' &&
    CANDIDATE_KINDS.has(candidate['kind'] as string) &&
    isNullableString(candidate['endpoint']) &&
    CANDIDATE_STATES.has(candidate['state'] as string) &&
    (inFlight === null || (Number.isSafeInteger(inFlight) && (inFlight as number) >= 0)) &&
    typeof candidate['chosen'] === 'boolean' &&
    typeof candidate['reason'] === 'string'
  );
}

/** True when `value` is a complete decision record of the current schema version, exactly as `routingDecisionSchema` outputs it. */
export function isCurrentRoutingDecision(value: Record<string, unknown>): value is RoutingDecision {
  const candidates = value['candidates'];
  if (!(
    value['type'] === 'routing_decision' &&
    value['schema_version'] === FAST_PATH_SCHEMA_VERSION &&
    typeof value['timestamp'] === 'string' &&
    typeof value['request_id'] === 'string' &&
    typeof value['strategy_profile'] === 'string' &&
    typeof value['task_type'] === 'string' &&
    typeof value['target'] === 'string' &&
    typeof value['allow_cloud'] === 'boolean' &&
    Array.isArray(candidates)
  )) {
    return false;
  }
  for (const candidate of candidates) if (!isCandidate(candidate)) return false;
  return true;
}
