import type { RoutingCandidate } from '@biopipe/core';
import type { AffinityKey } from '../replica-choice/affinity-store.js';
import type { CandidateList } from './candidate.js';
import type { CascadeStep } from './cascade-plan.js';
import { isCandidate, type CloudChain } from './cloud-chain.js';
import type { ReplicaRanker } from './replica-ranker.js';

/** Where a planned cascade's candidates come from: the role's replicas, and the cloud chain when the profile allows it. */
export interface CandidateSources {
  local: ReplicaRanker;
  /** Undefined for a PHI-safe profile: no cloud provider can exist. */
  cloud: CloudChain | undefined;
}

/**
 * Step 3 of the route decision, the replicas: the candidates of one cascade step, best first. A local
 * step is ranked by the ReplicaRanker (which throws LocalModelUnavailableError when none is eligible);
 * a cloud step is its model, or why it cannot be tried.
 */
export function listCandidates(sources: CandidateSources, step: CascadeStep, affinity?: AffinityKey): CandidateList {
  if (step.kind === 'local') return sources.local.select(step.target, affinity);
  // A PHI-safe plan has no cloud step; this guard keeps it true even if a plan were built wrongly.
  if (sources.cloud === undefined)
    return {
      candidates: [],
      skipped: [
        {
          target: step.target,
          kind: 'cloud',
          endpoint: null,
          state: 'disallowed',
          reason: 'allow_cloud is false',
          errorClass: 'cloud-disallowed',
        },
      ],
    };
  const entry = sources.cloud.candidate(step.target);
  return isCandidate(entry) ? { candidates: [entry], skipped: [] } : { candidates: [], skipped: [entry] };
}

/** The context size of every candidate of a planned cascade (undefined where unknown); no call made. */
export function candidateContexts(sources: CandidateSources, steps: readonly CascadeStep[]): (number | undefined)[] {
  return steps.flatMap((step) =>
    step.kind === 'local' ? sources.local.contextSizes(step.target) : (sources.cloud?.contextSizes(step.target) ?? []),
  );
}

/**
 * Every candidate of a planned cascade as the router sees it now (no claim taken, no call made): the
 * role's replicas with health, circuit and load, then the cloud chain. A PHI-safe profile shows the
 * cloud as `disallowed`, without touching anything cloud-side.
 */
export function describeCandidates(
  sources: CandidateSources,
  steps: readonly CascadeStep[],
  /** The request's prefix blocks and session, so replicas show their matched prefix. */
  affinity?: AffinityKey,
): RoutingCandidate[] {
  const described: RoutingCandidate[] = [];
  for (const step of steps) {
    if (step.kind === 'local') {
      described.push(...sources.local.describe(step.target, affinity));
      continue;
    }
    if (sources.cloud === undefined) continue;
    const entry = sources.cloud.candidate(step.target);
    described.push({
      target: step.target,
      kind: 'cloud',
      endpoint: entry.endpoint,
      state: isCandidate(entry) ? 'unknown' : entry.state,
      in_flight: null,
      chosen: false,
      reason: isCandidate(entry) ? 'cloud fallback, key present' : entry.reason,
    });
  }
  if (sources.cloud === undefined) {
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
