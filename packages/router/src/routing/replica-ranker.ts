import {
  LocalModelUnavailableError,
  type AttemptRecord,
  type CircuitBreakerSettings,
  type HealthSource,
  type RoutingCandidate,
  type StrategyConfig,
} from '@biopipe/core';
import { redactUrl } from '../providers/redact-url.js';
import { AffinityStore, type AffinityKey } from '../replica-choice/affinity-store.js';
import { annotateReplicaChoice } from '../replica-choice/annotate-replica-choice.js';
import { PREFIX_AWARE_SCORERS } from '../replica-choice/choice-scorers.js';
import { describeReplicaChoice } from '../replica-choice/describe-replica-choice.js';
import type { ReplicaLoadMonitor } from '../replica-choice/replica-load-monitor.js';
import { type ReplicaLoadReading } from '../replica-choice/replica-load-monitor.js';
import type { Candidate, CandidateList, SkippedCandidate } from './candidate.js';
import type { ProviderPool } from './provider-pool.js';
import {
  createCircuitFilter,
  createLoadGuard,
  fewestInFlightScorer,
  healthFilter,
  rankReplicas,
  type ReplicaFilter,
  type ReplicaScorer,
  type ReplicaView,
} from './replica-selection.js';
import type { ReplicaState, ReplicaStateStore } from './replica-state.js';
import type { RoleReplica } from './role-replicas.js';

export interface ReplicaRankerOptions {
  config: StrategyConfig;
  /** Where each role's replicas are (profile and endpoint registry). */
  resolveReplicas: (role: string) => RoleReplica[];
  /** Replica state shared across strategies. */
  store: ReplicaStateStore;
  providers: ProviderPool;
  /** Active health from the detector. @default none: passive health only */
  healthSource?: HealthSource | undefined;
  /** Leave out replicas already serving this many requests. @default no limit */
  maxInFlightPerReplica?: number | undefined;
  /** Scorers after the filters. @default per `replica_selection.policy` */
  scorers?: readonly ReplicaScorer[];
  /** Prefix and session memory, shared across strategies. @default one for this router */
  affinity?: AffinityStore | undefined;
  /** vLLM `/metrics` load per replica, shared across strategies. @default none: load from in-flight counts only */
  loads?: ReplicaLoadMonitor | undefined;
}

const UNKNOWN_LOAD: ReplicaLoadReading = { known: false, reason: 'load scraping is off' };

/**
 * The local fleet: for a role, the replicas worth trying now, best first. Health is active (the
 * detector) and passive (each replica's circuit breaker, fed by live traffic). When no replica of a
 * role is eligible it fails at once with LocalModelUnavailableError instead of waiting on dead servers.
 */
export class ReplicaRanker {
  private readonly filters: readonly ReplicaFilter[];
  private readonly scorers: readonly ReplicaScorer[];
  private readonly circuit: CircuitBreakerSettings;
  private readonly prefixAware: boolean;
  private readonly affinity: AffinityStore;

  constructor(private readonly options: ReplicaRankerOptions) {
    this.circuit = options.config.profile.circuit_breaker;
    const selection = options.config.profile.replica_selection;
    const filters = [healthFilter, createCircuitFilter(() => this.circuit)];
    if (options.maxInFlightPerReplica !== undefined) filters.push(createLoadGuard(options.maxInFlightPerReplica));
    this.filters = filters;
    this.prefixAware = selection.policy === 'prefix-aware';
    this.scorers =
      options.scorers ??
      (this.prefixAware ? PREFIX_AWARE_SCORERS : selection.policy === 'round-robin' ? [] : [fewestInFlightScorer]);
    this.affinity =
      options.affinity ??
      new AffinityStore({ indexMaxBytes: selection.index_max_bytes, maxSessions: selection.max_sessions });
  }

  /** Every replica of a role ranked now for a request (no claim taken). */
  candidates(role: string, key?: AffinityKey): CandidateList {
    const { ranking, byState } = this.rank(role, key);
    return {
      candidates: ranking.ranked.map((view) =>
        this.toCandidate(role, view.state, byState.get(view.state) as RoleReplica, key),
      ),
      skipped: ranking.skipped.map(({ replica, skip }): SkippedCandidate => ({
        target: role,
        kind: 'replica',
        endpoint: redactUrl(replica.url),
        state: skip.state,
        reason: skip.reason,
        errorClass: skip.state,
      })),
    };
  }

  /** Every replica of a role as a routing-decision candidate (no claim taken), best first, then the skipped. */
  describe(role: string, key?: AffinityKey): RoutingCandidate[] {
    const { ranking } = this.rank(role, key);
    const describeState = (view: ReplicaView): RoutingCandidate['state'] =>
      view.state.breaker.state(this.circuit) === 'half-open'
        ? 'half-open'
        : view.health === 'healthy'
          ? 'healthy'
          : 'unknown';
    return [
      ...ranking.ranked.map((view, index) => ({
        target: role,
        kind: 'replica' as const,
        endpoint: redactUrl(view.url),
        state: describeState(view),
        in_flight: view.state.inFlight,
        chosen: false,
        ...describeReplicaChoice(view, index, ranking.scores.get(view) ?? 0, this.options.config),
      })),
      ...ranking.skipped.map(({ replica, skip }) => ({
        target: role,
        kind: 'replica' as const,
        endpoint: redactUrl(replica.url),
        state: skip.state,
        in_flight: replica.state.inFlight,
        chosen: false,
        reason: skip.reason,
      })),
    ];
  }

  /**
   * The replicas to try for a role, best first.
   * @throws LocalModelUnavailableError when none is eligible (no replica, all circuits open, all down)
   */
  select(role: string, key?: AffinityKey): CandidateList {
    const list = this.candidates(role, key);
    if (list.candidates.length > 0) return list;
    const attempts: AttemptRecord[] = list.skipped.map((skip) => ({
      target: role,
      endpoint: skip.endpoint,
      model: null,
      outcome: 'skipped',
      error_class: skip.errorClass,
      duration_ms: 0,
    }));
    throw new LocalModelUnavailableError(
      role,
      attempts,
      list.skipped.length === 0
        ? `The strategy lists no replica for role "${role}"; add it to vllm_endpoints or start its SLURM job.`
        : undefined,
    );
  }

  /** The context size of each replica of a role (undefined where unknown); no claim taken. */
  contextSizes(role: string): (number | undefined)[] {
    const seen = this.options.healthSource;
    return this.options.resolveReplicas(role).map((replica) => seen?.maxModelLen?.(replica.url) ?? replica.maxModelLen);
  }

  /** The circuit state of a replica URL, for explanations. */
  circuitState(url: string): ReturnType<ReplicaState['breaker']['state']> {
    return this.options.store.get(url).breaker.state(this.circuit);
  }

  private rank(
    role: string,
    key: AffinityKey | undefined,
  ): { ranking: ReturnType<typeof rankReplicas>; byState: Map<ReplicaState, RoleReplica> } {
    const byState = new Map<ReplicaState, RoleReplica>();
    const views: ReplicaView[] = this.options.resolveReplicas(role).map((replica) => {
      const state = this.options.store.get(replica.url);
      byState.set(state, replica);
      return { url: replica.url, state, health: this.options.healthSource?.endpointState(replica.url) };
    });
    if (!this.prefixAware) return { ranking: rankReplicas(views, this.filters, this.scorers), byState };
    const { loads } = this.options;
    const context = {
      affinity: this.affinity.role(role),
      key,
      readLoad: (url: string) => loads?.read(url) ?? UNKNOWN_LOAD,
      queueBound: this.options.config.profile.replica_selection.load_guard_queue_bound,
    };
    const ranking = rankReplicas(views, this.filters, this.scorers, (eligible) =>
      annotateReplicaChoice(eligible, context),
    );
    // A replica seen down has lost (or will lose, on restart) its cache: affinity must not send it back there.
    for (const { replica } of ranking.skipped) this.affinity.forgetReplica(role, replica.url);
    return { ranking, byState };
  }

  private toCandidate(
    role: string,
    state: ReplicaState,
    replica: RoleReplica,
    key: AffinityKey | undefined,
  ): Candidate {
    const { store, providers } = this.options;
    const circuit = this.circuit;
    const provider = providers.local(replica.url, replica.servedModelName);
    return {
      target: role,
      kind: 'replica',
      endpoint: provider.endpoint,
      model: replica.servedModelName ?? null,
      provider,
      // What the server itself listed beats the manifest: a job may run with another --max-model-len.
      maxModelLen: this.options.healthSource?.maxModelLen?.(replica.url) ?? replica.maxModelLen,
      acquire: () => {
        if (!state.breaker.acquire(circuit)) return false;
        state.inFlight++;
        store.markPicked(state);
        // Recorded when sent, not when answered (llm-d's PreRequest): the next request of the same
        // workflow, arriving while this one prefills, should follow it to the same cache.
        if (key !== undefined && this.prefixAware) this.affinity.recordServed(role, replica.url, key);
        return true;
      },
      settle: (verdict) => {
        state.inFlight--;
        if (verdict === 'success') state.breaker.recordSuccess();
        else if (verdict === 'failure') state.breaker.recordFailure(circuit);
        else state.breaker.release();
      },
    };
  }
}
