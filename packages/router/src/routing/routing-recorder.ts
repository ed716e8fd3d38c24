import {
  BudgetExceededError,
  ROUTING_RECORD_SCHEMA_VERSION,
  type AttemptRecord,
  type BiopipeError,
  type ComplexityVerdict,
  type Logger,
  type MetricsSink,
  type RoutingCandidate,
  type SpendLedger,
  type StrategyConfig,
  type TokenUsage,
} from '@biopipe/core';
import { computeCost } from '../cost/compute-cost.js';
import { priceFor } from '../cost/price-for.js';
import type { GuardReport } from '../guards/guard-route.js';
import type { SafetyReport } from '../guards/safety-guard.js';
import type { Clock } from '../time/clock.js';
import type { VariantAssignment } from './assign-variant.js';
import type { Candidate } from './candidate.js';
import { errorClassOf } from './failover.js';
import { redactMessage } from './redact.js';
import type { RouteReport } from './request-types.js';

export interface RoutingRecorderOptions {
  config: StrategyConfig;
  requestId: string;
  taskType: string;
  /** Route target name (a role or `cloud`); `?` when the route could not be decided. */
  target: string;
  queryLength: number;
  stream: boolean;
  complexityScore: number | null;
  /** What the guards decided (undefined when the request never reached them). */
  guards?: GuardReport | undefined;
  /** Receives the cost of a request a cloud model served. */
  spendLedger?: SpendLedger | undefined;
  clock: Pick<Clock, 'now'>;
  /** The complexity step's verdict, when the task has complexity routing. */
  complexity?: ComplexityVerdict | undefined;
  /** The A/B split's arm, when the task has a split. */
  variant?: VariantAssignment | undefined;
  sink: MetricsSink | undefined;
  logger: Logger;
  /** Values to scrub from error messages: the cloud keys and the prompt's texts. */
  redaction: { secrets: readonly string[]; messages: readonly { content: string }[] };
  /** Candidates for the RoutingDecision, computed only when debug routing is on. */
  describeCandidates?: (() => RoutingCandidate[]) | undefined;
}

/** How a request ended. */
export interface RequestOutcome {
  served: { candidate: Candidate; depth: number } | undefined;
  usage: TokenUsage | undefined;
  error: BiopipeError | undefined;
  /** Characters of the answer, for a cost estimate when the provider sent no usage. */
  outputChars?: number | undefined;
}

/**
 * Collects one request's attempts and timings and emits exactly one RoutingMetric (and, with debug
 * routing, one RoutingDecision) when it ends, success or failure. Never the prompt text, keys or
 * auth headers; a sink that throws is logged and ignored, never failing the request.
 */
export class RoutingRecorder {
  readonly attempts: AttemptRecord[] = [];
  private readonly timestamp = new Date().toISOString();
  private readonly started = performance.now();
  private ttftMs: number | null = null;
  private report: RouteReport | undefined;
  private safety: SafetyReport | undefined;
  /** Taken when the request starts, so the decision shows the state the router decided on. */
  private readonly candidates: RoutingCandidate[] | undefined;

  constructor(private readonly options: RoutingRecorderOptions) {
    this.candidates = options.config.debugRouting ? options.describeCandidates?.() : undefined;
  }

  /** The route target (a role or `cloud`; `?` when the route could not be decided). */
  get target(): string {
    return this.options.target;
  }

  /** The safety guard's verdict, once it has judged the request. */
  setSafety(report: SafetyReport): void {
    this.safety = report;
  }

  markFirstToken(): void {
    this.ttftMs ??= performance.now() - this.started;
  }

  /** Ends the request: emits its records once and returns its route report (the same one if called again). */
  finish(outcome: RequestOutcome): RouteReport {
    if (this.report !== undefined) return this.report;
    const { options } = this;
    const served = outcome.served;
    const lastTried = this.attempts.findLast((attempt) => attempt.outcome !== 'skipped');
    const cost =
      served?.candidate.kind === 'cloud'
        ? computeCost({
            price: priceFor(options.config, served.candidate.target),
            usage: outcome.usage,
            promptChars: options.queryLength,
            completionChars: outcome.outputChars ?? 0,
          })
        : { costUsd: 0, estimated: false };
    const guards = options.guards;
    const report: RouteReport = {
      request_id: options.requestId,
      strategy: options.config.name,
      task_type: options.taskType,
      target: options.target,
      model: served?.candidate.model ?? null,
      provider: served?.candidate.provider.kind ?? null,
      endpoint: served?.candidate.endpoint ?? null,
      fallback_depth: served?.depth ?? 0,
      cloud:
        served !== undefined
          ? served.candidate.kind === 'cloud'
          : options.config.allowCloud &&
            lastTried !== undefined &&
            Object.hasOwn(options.config.cloudCatalogue, lastTried.target),
      attempts: this.attempts,
      latency_ms: performance.now() - this.started,
      ttft_ms: this.ttftMs,
      cost_usd: cost.costUsd,
      cost_estimated: cost.estimated,
      phi_guard:
        guards?.phi === undefined ? undefined : { flagged: guards.phi.flagged, categories: guards.phi.categories },
      budget: guards?.budget,
      complexity: options.complexity ?? null,
      ...(options.variant === undefined ? {} : { variant: options.variant }),
      ...(this.safety === undefined ? {} : { safety_guard: this.safety }),
    };
    if (cost.costUsd > 0) options.spendLedger?.add(cost.costUsd, new Date(options.clock.now()));
    this.report = report;
    const error = outcome.error;
    this.emit({
      type: 'routing_metric',
      schema_version: ROUTING_RECORD_SCHEMA_VERSION,
      timestamp: this.timestamp,
      request_id: report.request_id,
      strategy_profile: report.strategy,
      task_type: report.task_type,
      query_length: options.queryLength,
      target: report.target,
      model_used: report.model,
      provider: report.provider,
      endpoint: report.endpoint,
      fallback_depth: report.fallback_depth,
      cloud: report.cloud,
      attempts: this.attempts,
      ttft_ms: report.ttft_ms,
      latency_ms: report.latency_ms,
      prompt_tokens: outcome.usage?.promptTokens ?? null,
      completion_tokens: outcome.usage?.completionTokens ?? null,
      success: error === undefined,
      error_class: error === undefined ? null : errorClassOf(error),
      error_message: error === undefined ? null : redactMessage(error.message, options.redaction),
      stream: options.stream,
      complexity_score: options.complexityScore,
      complexity_decision: options.complexity?.decision ?? null,
      complexity_version: options.complexity?.version ?? null,
      router_version: '1',
      cost_usd: cost.costUsd,
      cost_estimated: cost.estimated,
      phi_categories: guards?.phi?.flagged === true ? guards.phi.counts : null,
      budget_exceeded: guards?.narrowedBy === 'budget' || error instanceof BudgetExceededError,
      ...(options.variant === undefined
        ? {}
        : { variant: { experiment: options.variant.experiment, arm: options.variant.arm } }),
      ...(this.safety === undefined ? {} : { safety_guard: this.safety }),
    });
    if (this.candidates !== undefined) {
      const candidates = this.candidates.map((candidate) => ({
        ...candidate,
        chosen:
          served !== undefined &&
          candidate.target === served.candidate.target &&
          candidate.endpoint === served.candidate.endpoint,
      }));
      this.emit({
        type: 'routing_decision',
        schema_version: ROUTING_RECORD_SCHEMA_VERSION,
        timestamp: this.timestamp,
        request_id: report.request_id,
        strategy_profile: report.strategy,
        task_type: report.task_type,
        target: report.target,
        allow_cloud: options.config.allowCloud,
        candidates,
        ...(options.complexity === undefined ? {} : { complexity: options.complexity }),
        ...(options.variant === undefined ? {} : { variant: options.variant }),
      });
    }
    return report;
  }

  private emit(record: Parameters<MetricsSink['record']>[0]): void {
    if (this.options.sink === undefined) return;
    try {
      this.options.sink.record(record);
    } catch (error) {
      this.options.logger.warn('metrics sink failed; record dropped', {
        request_id: this.options.requestId,
        error: (error as Error).message,
      });
    }
  }
}
