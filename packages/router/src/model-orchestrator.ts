import {
  ProfileRegistry,
  TemplateRegistry,
  isDebugRoutingForced,
  loadFleetManifest,
  resolveStrategy,
  silentLogger,
  type AutoDetectStrategy,
  type Environment,
  type FleetManifest,
  type HealthSource,
  type Logger,
  type MetricsSink,
  type SpendLedger,
  type StrategyConfig,
  type StrategySource,
} from '@biopipe/core';
import { systemClock, type Clock } from './time/clock.js';
import { CascadingProviderRouter } from './routing/cascading-provider-router.js';
import { createCloudProvider, type CloudProviderFactory } from './routing/cloud-chain.js';
import { createProfileComplexityStep } from './complexity/create-complexity-step.js';
import { createProfileSemanticSignal } from './complexity/load-semantic-signal.js';
import type { SemanticReading } from './complexity/semantic-signal.js';
import type { ComplexityStep } from './routing/decide-route.js';
import type { RouteExplanation } from './routing/explain-route.js';
import { ProviderPool, createVllmProviderFactory, type LocalProviderFactory } from './routing/provider-pool.js';
import type { ChatMessage } from './providers/provider.js';
import { AffinityStore } from './replica-choice/affinity-store.js';
import { ReplicaLoadMonitor } from './replica-choice/replica-load-monitor.js';
import { ReplicaStateStore } from './routing/replica-state.js';
import type {
  EmbedRequest,
  EmbedResult,
  GenerateRequest,
  GenerateResult,
  RoutedStream,
} from './routing/request-types.js';
import { createRoleReplicaResolver } from './routing/role-replicas.js';
import { ReplicaRanker } from './routing/replica-ranker.js';

export interface ModelOrchestratorOptions {
  /** A profile name, or a loaded profile. @default resolved: BIOPIPELINES_STRATEGY > user default > autoDetect */
  strategy?: string | StrategyConfig | undefined;
  /** Where profiles come from by name. @default new ProfileRegistry({ env }) */
  registry?: ProfileRegistry | undefined;
  /** Cloud keys, BIOPIPELINES_* settings and VLLM_API_KEY. @default process.env */
  env?: Environment | undefined;
  /** Picks a strategy when nothing names one (the detector provides it). */
  autoDetect?: AutoDetectStrategy | undefined;
  /** Active endpoint health (the detector implements it). @default passive health only */
  healthSource?: HealthSource | undefined;
  /** Receives one RoutingMetric per request (and RoutingDecisions with debug routing). */
  metricsSink?: MetricsSink | undefined;
  /** @default silentLogger */
  logger?: Logger | undefined;
  /** Served model names and context sizes per role. @default config/fleet.yaml when it loads; null for none */
  fleet?: FleetManifest | null | undefined;
  /** @default systemClock */
  clock?: Clock | undefined;
  /** @default vLLM over the lean HTTP client, with VLLM_API_KEY when set */
  createLocalProvider?: LocalProviderFactory | undefined;
  /** Called only for profiles that allow the cloud. @default DeepSeek/OpenAI and Anthropic providers */
  createCloudProvider?: CloudProviderFactory | undefined;
  /** Complexity routing; must not call any model. @default built from the profile's `complexity_routing`, if any */
  complexityStep?: ComplexityStep | undefined;
  /** The cloud spend ledger of a profile with a `budget` (the metrics package has a file one). @default budgets not enforced */
  spendLedgerFor?: ((config: StrategyConfig) => SpendLedger | undefined) | undefined;
  /** Leave out replicas already serving this many requests. @default no limit */
  maxInFlightPerReplica?: number | undefined;
  /** Context templates for profiles' `templates` and requests' `template`. @default the built-in config/templates and the user's, as profiles */
  templates?: TemplateRegistry | undefined;
  /** Scrape each replica's vLLM `/metrics` for its load (long-running processes: the gateway). @default false */
  scrapeReplicaLoad?: boolean | undefined;
}

/** The active strategy and the router built for it; replaced whole on a switch. */
interface StrategyRuntime {
  config: StrategyConfig;
  source: StrategySource | 'switch';
  reason: string;
  router: CascadingProviderRouter;
}

/**
 * The entry point: resolves a strategy, routes chat, streams and embeddings through its cascade, and
 * switches strategy at runtime. A switch builds and validates the new runtime before swapping one
 * reference, so a failed switch changes nothing, each request runs to its end on the runtime it
 * started with, and concurrent switches apply in call order. Replica state (circuits, in-flight
 * counts) is keyed by URL and shared, so a replica listed in both profiles keeps its health.
 */
export class ModelOrchestrator {
  private runtime: StrategyRuntime;
  private readonly store: ReplicaStateStore;
  private readonly pool: ProviderPool;
  private readonly affinity = new Map<string, AffinityStore>();
  private loads: ReplicaLoadMonitor | undefined;
  private templateRegistry: TemplateRegistry | undefined;

  private constructor(
    private readonly options: ModelOrchestratorOptions & {
      env: Environment;
      registry: ProfileRegistry;
      logger: Logger;
      clock: Clock;
      fleet: FleetManifest | undefined;
    },
    initial: { config: StrategyConfig; source: StrategySource; reason: string },
  ) {
    this.store = new ReplicaStateStore(options.clock.now);
    this.pool = new ProviderPool(
      options.createLocalProvider ??
        createVllmProviderFactory(nonEmpty(options.env['VLLM_API_KEY']), options.clock.now),
    );
    this.runtime = this.buildRuntime(initial.config, initial.source, initial.reason);
  }

  static async create(options: ModelOrchestratorOptions = {}): Promise<ModelOrchestrator> {
    const env = options.env ?? process.env;
    const registry = options.registry ?? new ProfileRegistry({ env });
    const logger = options.logger ?? silentLogger;
    const clock = options.clock ?? systemClock;
    const fleet = options.fleet === null ? undefined : (options.fleet ?? loadDefaultFleet(logger));
    let initial: { config: StrategyConfig; source: StrategySource; reason: string };
    if (typeof options.strategy === 'object') {
      initial = {
        config: isDebugRoutingForced(env) ? options.strategy.withDebugRouting(true) : options.strategy,
        source: 'argument',
        reason: `profile ${options.strategy.name}`,
      };
    } else {
      initial = await resolveStrategy({ registry, explicit: options.strategy, env, autoDetect: options.autoDetect });
    }
    return new ModelOrchestrator({ ...options, env, registry, logger, clock, fleet }, initial);
  }

  /** Context templates, found on first use (most profiles never ask for one). */
  private get templates(): TemplateRegistry {
    return (this.templateRegistry ??= this.options.templates ?? new TemplateRegistry({ env: this.options.env }));
  }

  /** The active strategy profile. */
  get currentStrategy(): StrategyConfig {
    return this.runtime.config;
  }

  /** How the active strategy was chosen, in one line. */
  get strategyReason(): string {
    return this.runtime.reason;
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.runtime.router.generate(request);
  }

  /** Parts as they arrive; `route` settles when the stream ends. Errors are parts, never thrown. */
  stream(request: GenerateRequest): RoutedStream {
    return this.runtime.router.stream(request);
  }

  embed(request: EmbedRequest): Promise<EmbedResult> {
    return this.runtime.router.embed(request);
  }

  /**
   * Readies the active strategy's semantic signal (its banks' embeddings), waiting at most `waitMs`;
   * a long-running server calls it before it listens. Never throws.
   */
  warmUp(waitMs: number): Promise<'ready' | 'failed' | 'pending' | 'off'> {
    return this.runtime.router.warmUp(waitMs);
  }

  /**
   * The semantic signal for a prompt of a task, read on the profile's local embeddings role (at
   * most `timeout_ms`); undefined when the profile or the task has none. For `explain`.
   */
  readSemantic(taskType: string, messages: readonly ChatMessage[]): Promise<SemanticReading | undefined> {
    return this.runtime.router.readSemantic({ task_type: taskType, messages: [...messages] });
  }

  /** Which target would serve a task and why, with each candidate's health; calls no model. */
  explain(
    taskType: string,
    queryLength = 0,
    request?: {
      messages: readonly ChatMessage[];
      session?: string | undefined;
      semantic?: SemanticReading | undefined;
    },
  ): RouteExplanation {
    return this.runtime.router.explain({ taskType, queryLength, ...request });
  }

  /**
   * Makes `strategy` the active profile for every request from now on. The profile is loaded and
   * validated first: an unknown or invalid one throws and leaves the current strategy untouched.
   * @throws UnknownProfileError, InvalidProfileNameError, ConfigValidationError
   */
  switchStrategy(strategy: string | StrategyConfig): Promise<StrategyConfig> {
    try {
      const loaded = typeof strategy === 'string' ? this.options.registry.load(strategy) : strategy;
      const config = isDebugRoutingForced(this.options.env) ? loaded.withDebugRouting(true) : loaded;
      const previous = this.runtime.config.name;
      this.runtime = this.buildRuntime(config, 'switch', `switched from ${previous}`);
      this.options.logger.info('strategy switched', { from: previous, to: config.name });
      return Promise.resolve(config);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private buildRuntime(config: StrategyConfig, source: StrategyRuntime['source'], reason: string): StrategyRuntime {
    const { options } = this;
    const local = new ReplicaRanker({
      config,
      resolveReplicas: createRoleReplicaResolver({
        config,
        fleet: options.fleet,
        env: options.env,
        now: options.clock.now,
      }),
      store: this.store,
      providers: this.pool,
      healthSource: options.healthSource,
      maxInFlightPerReplica: options.maxInFlightPerReplica,
      ...this.replicaChoiceMemory(config),
    });
    const router = new CascadingProviderRouter({
      config,
      local,
      env: options.env,
      createCloudProvider: options.createCloudProvider ?? ((cloud) => createCloudProvider(cloud, options.clock.now)),
      metricsSink: options.metricsSink,
      logger: options.logger,
      clock: options.clock,
      complexityStep: options.complexityStep ?? createProfileComplexityStep(config),
      semantic: createProfileSemanticSignal(config, local),
      templates: (name) => this.templates.load(name),
      spendLedger: config.profile.budget === undefined ? undefined : options.spendLedgerFor?.(config),
    });
    return { config, source, reason, router };
  }

  /**
   * Prefix memory and load readings outlive a strategy switch, like replica state; a profile with
   * other index settings gets its own prefix memory, sized as it asks.
   */
  private replicaChoiceMemory(config: StrategyConfig): {
    affinity: AffinityStore;
    loads: ReplicaLoadMonitor | undefined;
  } {
    const selection = config.profile.replica_selection;
    const sizing = `${selection.index_max_bytes}/${selection.max_sessions}`;
    let affinity = this.affinity.get(sizing);
    if (affinity === undefined) {
      affinity = new AffinityStore({ indexMaxBytes: selection.index_max_bytes, maxSessions: selection.max_sessions });
      this.affinity.set(sizing, affinity);
    }
    if (this.options.scrapeReplicaLoad === true && selection.metrics_scrape_interval_ms > 0)
      this.loads ??= new ReplicaLoadMonitor({
        now: this.options.clock.now,
        intervalMs: selection.metrics_scrape_interval_ms,
        timeoutMs: selection.metrics_scrape_timeout_ms,
        staleMs: selection.metrics_stale_ms,
        ownInFlight: (url) => this.store.get(url).inFlight,
      });
    return { affinity, loads: this.loads };
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function loadDefaultFleet(logger: Logger): FleetManifest | undefined {
  try {
    return loadFleetManifest();
  } catch (error) {
    logger.warn('fleet manifest not loaded; served model names come from the profile only', {
      error: (error as Error).message,
    });
    return undefined;
  }
}
