import type { ReplicaScorer } from '../routing/replica-selection.js';

/**
 * The prefix-aware policy's scorers, each in [0, 1] times its weight. The weights follow llm-d's
 * chart defaults (prefix 3, queue 2, KV usage 2, here 1 as our KV gauge mostly restates the queue):
 * a full prefix match outweighs a whole queue-length spread, and the load guard caps how far it may pull.
 */
export const prefixAffinityScorer: ReplicaScorer = {
  name: 'prefix-affinity',
  weight: 3,
  score: ({ choice }) =>
    choice === undefined || choice.guard !== undefined || choice.totalBlocks === 0
      ? 0
      : choice.matchedBlocks / choice.totalBlocks,
};

/** A request of a known session goes back to the replica that served the session, under the same guard. */
export const sessionAffinityScorer: ReplicaScorer = {
  name: 'session-affinity',
  weight: 3,
  score: ({ choice }) => (choice !== undefined && choice.guard === undefined && choice.sessionMatch ? 1 : 0),
};

/** Shorter queue (vLLM running + waiting, or in-flight when unknown) scores higher. */
export const queueScorer: ReplicaScorer = {
  name: 'queue',
  weight: 2,
  score: ({ choice, state }) => choice?.queueScore ?? -state.inFlight,
};

/**
 * Emptier KV cache scores higher, only while every replica's usage is known: a replica whose
 * `/metrics` fails must not lose every tie to the others, or "load unknown" would starve it.
 */
export const kvCacheScorer: ReplicaScorer = {
  name: 'kv-cache',
  weight: 1,
  score: ({ choice }) => choice?.kvScore ?? 0,
};

export const PREFIX_AWARE_SCORERS: readonly ReplicaScorer[] = [
  prefixAffinityScorer,
  sessionAffinityScorer,
  queueScorer,
  kvCacheScorer,
];
