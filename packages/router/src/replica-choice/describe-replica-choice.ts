import type { RoutingCandidate, StrategyConfig } from '@biopipe/core';
import type { ReplicaView } from '../routing/replica-selection.js';

type ChoiceFields = Pick<
  RoutingCandidate,
  'reason' | 'prefix_blocks_matched' | 'prefix_blocks_total' | 'queue' | 'kv_cache_usage' | 'score'
>;

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** The ranked replica's line in a RoutingDecision and `route --json`: why it ranks where it does. */
export function describeReplicaChoice(
  view: ReplicaView,
  index: number,
  score: number,
  config: StrategyConfig,
): ChoiceFields {
  const place = index === 0 ? 'best score' : `ranked ${index + 1}`;
  const { choice } = view;
  if (choice === undefined) {
    const policy = config.profile.replica_selection.policy;
    return { reason: `${place} (${policy})`, score: round(score) };
  }
  const parts = [
    `prefix ${choice.matchedBlocks}/${choice.totalBlocks} blocks`,
    ...(choice.sessionMatch ? ['session'] : []),
    `queue ${choice.queue}${choice.loadKnown ? '' : ` (load unknown: ${choice.loadNote ?? 'no reading'})`}`,
    ...(choice.guard === undefined ? [] : [choice.guard]),
  ];
  return {
    reason: `${place} ${round(score)}: ${parts.join(', ')}`,
    prefix_blocks_matched: choice.matchedBlocks,
    prefix_blocks_total: choice.totalBlocks,
    queue: choice.loadKnown ? choice.queue : null,
    kv_cache_usage: choice.kvCacheUsage ?? null,
    score: round(score),
  };
}
