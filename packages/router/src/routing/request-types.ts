import type {
  AttemptRecord,
  ComplexityVerdict,
  FinishReason,
  PhiCategory,
  StreamPart,
  TokenUsage,
} from '@biopipe/core';
import type { BudgetStatus } from '../guards/budget-guard.js';
import type { SafetyReport } from '../guards/safety-guard.js';
import type { VariantAssignment } from './assign-variant.js';
import type { ChatMessage } from '../providers/provider.js';
import type { CancelSignal } from '../resilience/cancellation.js';

/** A chat request to the orchestrator. Give `messages`, or `prompt` (with an optional `system`). */
export interface GenerateRequest {
  /** Decides the route (`task_routing`). */
  task_type: string;
  messages?: readonly ChatMessage[] | undefined;
  prompt?: string | undefined;
  system?: string | undefined;
  max_tokens?: number | undefined;
  temperature?: number | undefined;
  stop?: readonly string[] | undefined;
  /** Cancels the request (and the upstream call): an AbortSignal, or a cheaper Cancellation. */
  signal?: CancelSignal | undefined;
  /** Correlates metrics and server logs. @default a random UUID */
  request_id?: string | undefined;
  /** Keeps a conversation on one replica (OpenAI `user`, or the `x-biopipe-session` header). @default none */
  session?: string | undefined;
  /** A context template to apply (`x-biopipe-template`); `none` turns off the profile's. @default the profile's `templates` */
  template?: string | undefined;
}

/** How a request was routed: what stderr and `--json` show, and what the metric records. */
export interface RouteReport {
  request_id: string;
  strategy: string;
  task_type: string;
  /** Route target: a role or `cloud`. */
  target: string;
  model: string | null;
  provider: string | null;
  endpoint: string | null;
  /** 0 = served by the first step of the cascade (the role, or the first cloud model for `cloud`). */
  fallback_depth: number;
  cloud: boolean;
  attempts: AttemptRecord[];
  latency_ms: number;
  ttft_ms: number | null;
  /** What the cloud charged, in US dollars (0 on the cluster). */
  cost_usd: number;
  /** True when estimated from characters (the provider sent no usage) or the model has no price. */
  cost_estimated: boolean;
  /** The PHI guard's verdict (categories only); absent when the guard does not apply. */
  phi_guard?: { flagged: boolean; categories: PhiCategory[] } | undefined;
  /** Spend against the profile's budget, when it has one. */
  budget?: BudgetStatus | undefined;
  /** Complexity routing's verdict (score, threshold, weak or strong), or null when the task has none. */
  complexity: ComplexityVerdict | null;
  /** The A/B split's arm (experiment, arm, what it was keyed by); absent when the task has no split. */
  variant?: VariantAssignment | undefined;
  /** The safety guard's verdict and action (Llama Guard categories only); absent without a guard. */
  safety_guard?: SafetyReport | undefined;
}

export interface GenerateResult {
  text: string;
  finish_reason: FinishReason;
  usage: TokenUsage | undefined;
  route: RouteReport;
}

/** A streamed answer: parts as they arrive; `route` settles when the stream ends, however it ends. */
export interface RoutedStream extends AsyncIterable<StreamPart> {
  readonly route: Promise<RouteReport>;
}

export interface EmbedRequest {
  input: string | readonly string[];
  /** @default "embeddings" */
  task_type?: string | undefined;
  signal?: CancelSignal | undefined;
  request_id?: string | undefined;
}

/** Vectors, and the model and dimension that produced them (never mix vectors of two models in one index). */
export interface EmbedResult {
  vectors: number[][];
  model: string;
  dimensions: number;
  usage: TokenUsage | undefined;
  route: RouteReport;
}
