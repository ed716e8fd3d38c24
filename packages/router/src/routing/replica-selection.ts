import type { CircuitBreakerSettings, EndpointState, RoutingCandidate } from '@biopipe/core';
import type { ReplicaChoiceFacts } from '../replica-choice/replica-choice-facts.js';
import type { ReplicaState } from './replica-state.js';

/** One replica as selection sees it. */
export interface ReplicaView {
  url: string;
  state: ReplicaState;
  /** The detector's last word on it (undefined: never checked). */
  health: EndpointState | undefined;
  /** What the prefix-aware policy found for this request and replica (set after the filters). */
  choice?: ReplicaChoiceFacts | undefined;
}

/** Why a filter left a replica out. */
export interface ReplicaSkip {
  state: RoutingCandidate['state'];
  reason: string;
}

/** A hard rule: a replica it rejects is not tried. */
export interface ReplicaFilter {
  readonly name: string;
  reject(replica: ReplicaView): ReplicaSkip | undefined;
}

/** A soft preference: higher is better; scores are summed with their weights. */
export interface ReplicaScorer {
  readonly name: string;
  readonly weight: number;
  score(replica: ReplicaView): number;
}

export interface ReplicaRanking {
  /** Replicas to try, best first. */
  ranked: ReplicaView[];
  skipped: { replica: ReplicaView; skip: ReplicaSkip }[];
  /** Each ranked replica's summed weighted score. */
  scores: Map<ReplicaView, number>;
}

/** Detector states that rule a replica out (it answered, but not as the right healthy server). */
const UNHEALTHY: ReadonlySet<EndpointState> = new Set([
  'unreachable',
  'timeout',
  'unhealthy',
  'wrong_model',
  'auth_error',
]);

/** Leaves out replicas the detector saw down. Unknown health passes: passive health will tell. */
export const healthFilter: ReplicaFilter = {
  name: 'healthy',
  reject: (replica) =>
    replica.health !== undefined && UNHEALTHY.has(replica.health)
      ? { state: 'unhealthy', reason: `detector: ${replica.health}` }
      : undefined,
};

/** Leaves out replicas whose circuit is open (a half-open one passes while its probe slot is free). */
export function createCircuitFilter(settings: () => CircuitBreakerSettings): ReplicaFilter {
  return {
    name: 'circuit-closed',
    reject: (replica) => {
      const current = settings();
      if (replica.state.breaker.allowsRequest(current)) return undefined;
      return {
        state: 'circuit-open',
        reason: `circuit open; next probe in ${replica.state.breaker.retryInMs(current)} ms`,
      };
    },
  };
}

/** Leaves out replicas already serving `limit` requests. */
export function createLoadGuard(limit: number): ReplicaFilter {
  return {
    name: 'load-guard',
    reject: (replica) =>
      replica.state.inFlight >= limit
        ? { state: 'unhealthy', reason: `load guard: ${replica.state.inFlight} in flight (limit ${limit})` }
        : undefined,
  };
}

/** Prefers the replica with the fewest requests in flight. */
export const fewestInFlightScorer: ReplicaScorer = {
  name: 'fewest-in-flight',
  weight: 1,
  score: (replica) => -replica.state.inFlight,
};

/**
 * Replica choice as filters, then weighted scorers, then a pick (DESIGN.md, "What comes after"):
 * prefix affinity or vLLM queue load can be added as scorers without touching the rest. Equal
 * scores go to the replica picked least recently, so equals share the load.
 */
export function rankReplicas(
  replicas: readonly ReplicaView[],
  filters: readonly ReplicaFilter[],
  scorers: readonly ReplicaScorer[],
  annotate?: (eligible: readonly ReplicaView[]) => void,
): ReplicaRanking {
  const scores = new Map<ReplicaView, number>();
  const ranking: ReplicaRanking = { ranked: [], skipped: [], scores };
  const eligible: ReplicaView[] = [];
  for (const replica of replicas) {
    let skip: ReplicaSkip | undefined;
    for (const filter of filters) {
      skip = filter.reject(replica);
      if (skip !== undefined) break;
    }
    if (skip !== undefined) ranking.skipped.push({ replica, skip });
    else eligible.push(replica);
  }
  // Scorers that compare replicas (the load guard, normalised queues) need the eligible set first.
  annotate?.(eligible);
  for (const replica of eligible) {
    let score = 0;
    for (const scorer of scorers) score += scorer.weight * scorer.score(replica);
    scores.set(replica, score);
    ranking.ranked.push(replica);
  }
  ranking.ranked.sort(
    (left, right) =>
      (scores.get(right) ?? 0) - (scores.get(left) ?? 0) || left.state.lastPicked - right.state.lastPicked,
  );
  return ranking;
}
