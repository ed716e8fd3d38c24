import type { RoutingCandidate, StrategyConfig } from '@biopipe/core';
import type { AffinityKey } from '../replica-choice/affinity-store.js';
import type { CascadeStep } from './cascade-plan.js';
import { isCandidate, type CloudChain } from './cloud-chain.js';
import type { ReplicaRanker } from './replica-ranker.js';

/**
 * Every candidate of a planned cascade as the router sees it now (no claim taken, no call made): the
 * role's replicas with health, circuit and load, then the cloud chain. A PHI-safe profile shows the
 * cloud as `disallowed`, without touching anything cloud-side.
 */
export function describeCandidates(options: {
  steps: readonly CascadeStep[];
  local: ReplicaRanker;
  cloud: CloudChain | undefined;
  config: StrategyConfig;
  /** The request's prefix blocks and session, so replicas show their matched prefix. */
  affinity?: AffinityKey | undefined;
}): RoutingCandidate[] {
  const described: RoutingCandidate[] = [];
  for (const step of options.steps) {
    if (step.kind === 'local') {
      described.push(...options.local.describe(step.target, options.affinity));
      continue;
    }
    if (options.cloud === undefined) continue;
    const entry = options.cloud.candidate(step.target);
    described.push(
      isCandidate(entry)
        ? {
            target: step.target,
            kind: 'cloud',
            endpoint: entry.endpoint,
            state: 'unknown',
            in_flight: null,
            chosen: false,
            reason: 'cloud fallback, key present',
          }
        : {
            target: step.target,
            kind: 'cloud',
            endpoint: entry.endpoint,
            state: entry.state,
            in_flight: null,
            chosen: false,
            reason: entry.reason,
          },
    );
  }
  if (!options.config.allowCloud) {
    described.push({
      target: 'cloud',
      kind: 'cloud',
      endpoint: null,
      state: 'disallowed',
      in_flight: null,
      chosen: false,
      reason: 'allow_cloud is false (PHI-safe): the cloud is never contacted',
    });
  }
  return described;
}
