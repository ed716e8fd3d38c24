import { PrefixIndex } from './prefix-index.js';

export interface AffinityStoreOptions {
  /** Memory cap of each role's prefix index, in bytes. */
  indexMaxBytes: number;
  /** Sessions remembered per role. */
  maxSessions: number;
}

/** One role's affinity memory: block hashes and sessions -> the replica that served them last. */
export interface RoleAffinity {
  readonly prefixes: PrefixIndex;
  /** Session key -> replica URL; Map order is recency order, oldest first. */
  readonly sessions: Map<string, string>;
}

/**
 * Affinity memory per role, shared by every strategy an orchestrator runs (like replica state), so a
 * strategy switch does not forget which replica holds which prefix.
 */
export class AffinityStore {
  private readonly roles = new Map<string, RoleAffinity>();

  constructor(private readonly options: AffinityStoreOptions) {}

  role(role: string): RoleAffinity {
    let affinity = this.roles.get(role);
    if (affinity === undefined) {
      affinity = { prefixes: new PrefixIndex(this.options.indexMaxBytes), sessions: new Map() };
      this.roles.set(role, affinity);
    }
    return affinity;
  }

  /** A replica was sent a request: remember its blocks and its session. */
  recordServed(role: string, url: string, request: AffinityKey): void {
    const affinity = this.role(role);
    affinity.prefixes.record(request.blocks, url);
    if (request.session === undefined) return;
    affinity.sessions.delete(request.session);
    affinity.sessions.set(request.session, url);
    while (affinity.sessions.size > this.options.maxSessions) {
      const oldest = affinity.sessions.keys().next();
      if (oldest.done === true) break;
      affinity.sessions.delete(oldest.value);
    }
  }

  /** A replica went down: whatever it cached is gone (a restarted vLLM starts with an empty cache). */
  forgetReplica(role: string, url: string): void {
    const affinity = this.roles.get(role);
    if (affinity === undefined) return;
    affinity.prefixes.forget(url);
    for (const [session, owner] of affinity.sessions) if (owner === url) affinity.sessions.delete(session);
  }
}

/** What affinity reads of one request: its chained block hashes and its session, if any. */
export interface AffinityKey {
  blocks: readonly number[];
  /** From the request's `user` field or the `x-biopipe-session` header. */
  session: string | undefined;
}
