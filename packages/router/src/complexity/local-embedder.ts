import { normalizeError } from '@biopipe/core';
import type { CancelSignal } from '../resilience/cancellation.js';
import { verdictFor } from '../routing/failover.js';
import type { ReplicaRanker } from '../routing/replica-ranker.js';

/** Vectors of texts and the model that made them. */
export interface LocalEmbedding {
  vectors: number[][];
  model: string;
}

/** Embeds texts on the cluster; nothing behind it can reach a cloud model. */
export type LocalEmbed = (
  texts: readonly string[],
  call: { signal: CancelSignal; timeoutMs: number; requestId: string },
) => Promise<LocalEmbedding>;

/**
 * Embeds with a local role's replicas only, best first, through `ReplicaRanker`: it holds local
 * replicas and nothing else, so however the role fails there is no cloud step to fall to. Each
 * replica's circuit and in-flight count are kept as for any request.
 * @throws LocalModelUnavailableError when no replica is eligible; the last replica's error otherwise
 */
export function createLocalEmbedder(local: ReplicaRanker, role: string): LocalEmbed {
  return async (texts, call) => {
    const { candidates } = local.select(role);
    const limits = { connectMs: call.timeoutMs, firstTokenMs: call.timeoutMs, idleMs: call.timeoutMs };
    let failure: unknown;
    for (const candidate of candidates) {
      if (call.signal.aborted) break;
      if (!candidate.acquire()) continue;
      try {
        const result = await candidate.provider.embed(texts, {
          signal: call.signal,
          limits,
          requestId: call.requestId,
        });
        candidate.settle('success');
        return { vectors: result.vectors, model: result.model };
      } catch (error) {
        // Our own deadline says nothing about the replica's health.
        candidate.settle(call.signal.aborted ? 'neutral' : verdictFor(normalizeError(error)));
        failure = error;
      }
    }
    throw failure ?? call.signal.reason ?? new Error(`no replica of role "${role}" could be claimed`);
  };
}
