import type { ReplicaView } from '../routing/replica-selection.js';
import type { AffinityKey, RoleAffinity } from './affinity-store.js';
import type { ReplicaLoadReading } from './replica-load-monitor.js';

export interface ReplicaChoiceContext {
  /** The role's affinity memory. */
  affinity: RoleAffinity;
  /** The request's blocks and session; undefined when there is no request (a bare `describe`). */
  key: AffinityKey | undefined;
  readLoad: (url: string) => ReplicaLoadReading;
  /** Largest queue excess over the least-loaded replica that affinity may still pull a request into. */
  queueBound: number;
}

/**
 * Sets each eligible replica's `choice`: its queue (vLLM gauges combined with in-flight counts), its
 * longest matched prefix and session match, and the load guard's verdict. The guard compares with
 * the least-loaded eligible replica, so affinity can never pile requests onto one replica while
 * another sits idle (llm-d's prefix-only scorer lost requests to exactly that).
 */
export function annotateReplicaChoice(eligible: readonly ReplicaView[], context: ReplicaChoiceContext): void {
  const match = context.key === undefined ? undefined : context.affinity.prefixes.match(context.key.blocks);
  const sessionOwner =
    context.key?.session === undefined ? undefined : context.affinity.sessions.get(context.key.session);
  const queues = eligible.map((view) => {
    const reading = context.readLoad(view.url);
    // Our own requests are counted live; the page adds only what others sent (another router,
    // direct clients), so a reading taken while our request ran does not outlive that request.
    const others = reading.known ? Math.max(0, reading.load.running + reading.load.waiting - reading.ownInFlight) : 0;
    return { view, reading, queue: view.state.inFlight + others };
  });
  const allKvKnown = queues.every((entry) => entry.reading.known && entry.reading.load.kvCacheUsage !== undefined);
  const least = Math.min(...queues.map((entry) => entry.queue));
  const most = Math.max(...queues.map((entry) => entry.queue));
  for (const { view, reading, queue } of queues) {
    view.choice = {
      queue,
      loadKnown: reading.known,
      loadNote: reading.known ? undefined : reading.reason,
      kvCacheUsage: reading.known ? reading.load.kvCacheUsage : undefined,
      matchedBlocks: match?.blocks.get(view.url) ?? 0,
      totalBlocks: match?.total ?? 0,
      sessionMatch: sessionOwner === view.url,
      guard:
        queue > least + context.queueBound
          ? `load guard: queue ${queue} > least-loaded ${least} + bound ${context.queueBound}`
          : undefined,
      queueScore: most === least ? 1 : (most - queue) / (most - least),
      kvScore: allKvKnown && reading.known ? 1 - (reading.load.kvCacheUsage ?? 1) : 0,
    };
  }
}
