import type { ServerResponse } from 'node:http';
import { FaultPlan, type FaultSwitches } from '../shared/fault-plan.js';
import { LatencyModel } from '../shared/latency-model.js';
import { SleepAbortedError } from '../shared/sleep.js';
import { EngineScheduler } from './engine-scheduler.js';
import { PrefixCache } from './prefix-cache.js';
import type { ResolvedVllmSimOptions } from './vllm-sim-options.js';
import { VllmMetrics } from './vllm-metrics.js';

/** Why an in-flight request was cut short. */
export type AbortReason = 'client-gone' | 'engine-dead' | 'server-stopped';

/**
 * The simulated engine's shared state: scheduler, prefix cache, latency model, metrics, faults, and
 * the requests in flight (so engine death can fail them all at once).
 */
export class VllmEngine {
  readonly scheduler: EngineScheduler;
  readonly prefixCache: PrefixCache | undefined;
  readonly latency: LatencyModel;
  readonly metrics: VllmMetrics;
  readonly faults: FaultPlan;
  /** KV-cache blocks held by running requests. */
  kvBlocksInUse = 0;
  private deadFlag = false;
  private readonly inFlight = new Set<AbortController>();

  constructor(
    readonly options: ResolvedVllmSimOptions,
    onFaultSwitch: (switches: FaultSwitches) => void,
  ) {
    this.scheduler = new EngineScheduler(options.maxNumSeqs, options.maxQueued);
    this.prefixCache = options.enablePrefixCaching
      ? new PrefixCache(options.blockSize, options.kvCacheBlocks)
      : undefined;
    this.latency = new LatencyModel(options);
    this.faults = new FaultPlan(options.faultSeed, onFaultSwitch);
    this.metrics = new VllmMetrics(
      options.servedModelNames[0] ?? options.model,
      options.maxModelLen,
      {
        running: () => this.scheduler.running,
        waiting: () => this.scheduler.waiting,
        kvCacheUsage: () => Math.min(1, this.kvBlocksInUse / options.kvCacheBlocks),
      },
      {
        block_size: String(options.blockSize),
        cache_dtype: 'auto',
        enable_prefix_caching: options.enablePrefixCaching ? 'True' : 'False',
        gpu_memory_utilization: '0.9',
        num_gpu_blocks: String(options.kvCacheBlocks),
      },
    );
  }

  /** The names this server answers to now (a wrong-model fault replaces them). */
  get servedModelNames(): readonly string[] {
    const wrong = this.faults.wrongModel;
    return wrong === null ? this.options.servedModelNames : [wrong];
  }

  /** The name put in answers: the first served name. */
  get modelName(): string {
    return this.servedModelNames[0] ?? this.options.model;
  }

  /** Whether a request's `model` is served here (missing or empty means the base model, as in vLLM). */
  serves(model: string | undefined): boolean {
    return model === undefined || this.servedModelNames.includes(model);
  }

  get isDead(): boolean {
    return this.deadFlag;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Registers a request so engine death and shutdown can abort it. */
  track(controller: AbortController): void {
    this.inFlight.add(controller);
  }

  untrack(controller: AbortController): void {
    this.inFlight.delete(controller);
  }

  /**
   * Registers a request answered on `response`: its signal aborts on engine death or shutdown, or
   * when the client goes before the answer is complete. `finish()` unregisters it.
   */
  trackResponse(response: ServerResponse): { signal: AbortSignal; finish(): void } {
    const controller = new AbortController();
    const onClose = (): void => {
      if (!response.writableFinished) controller.abort('client-gone' satisfies AbortReason);
    };
    response.on('close', onClose);
    this.track(controller);
    return {
      signal: controller.signal,
      finish: () => {
        response.off('close', onClose);
        this.untrack(controller);
      },
    };
  }

  /** Marks the engine dead and aborts everything in flight or waiting. */
  die(): void {
    this.deadFlag = true;
    this.abortAll('engine-dead');
  }

  /** Aborts every in-flight request with `reason`. */
  abortAll(reason: AbortReason): void {
    for (const controller of [...this.inFlight]) controller.abort(reason);
    this.scheduler.rejectAll(new SleepAbortedError(reason));
  }
}
