import type { RoutingCandidate, RoutingDecision } from '@biopipe/core';
import { FAST_PATH_SCHEMA_VERSION } from './is-current-routing-metric.js';

// The fast path for decisions, as `is-current-routing-metric.ts` is for metrics: debug routing writes
// one per request, and zod would cost a reader thread both its import and several microseconds each.
// `is-current-routing-decision.spec.ts` holds it to agreement with `routingDecisionSchema`.

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
const isNullableString = (value: unknown): boolean => value === null || typeof value === 'string';

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
