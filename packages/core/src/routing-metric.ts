import { z } from 'zod';
import { errorClassForCode } from './error-class-of.js';

/** A failure class, kebab-case: snake values from older files (`cascade_exhausted`) are upgraded on read. */
const errorClassSchema = z.string().transform(errorClassForCode).nullable();

/** Version of the records below; readers accept this and every older one. */
export const ROUTING_RECORD_SCHEMA_VERSION = 1;

/** One call to one endpoint (or one skipped candidate) during a request. */
export const attemptRecordSchema = z.object({
  /** Role name or cloud model name. */
  target: z.string(),
  /** Base URL tried (no credentials), or null for a cloud model without one. */
  endpoint: z.string().nullable().default(null),
  model: z.string().nullable().default(null),
  outcome: z.enum(['success', 'error', 'skipped']),
  /** Short failure class, e.g. `refused`, `timeout-first-token`, `http-503`, `circuit-open`. */
  error_class: errorClassSchema.default(null),
  duration_ms: z.number().min(0),
});
export type AttemptRecord = z.output<typeof attemptRecordSchema>;

/** The arm of an A/B split a request was assigned (issue 18). */
export const variantRecordSchema = z.object({
  /** The task type whose split decided (`*` for the default entry's). */
  experiment: z.string(),
  /** The route target of the arm. */
  arm: z.string(),
});
export type VariantRecord = z.output<typeof variantRecordSchema>;

/** One routed request, success or failure. Never holds prompt text, keys or auth headers. */
export const routingMetricSchema = z.object({
  type: z.literal('routing_metric').default('routing_metric'),
  schema_version: z.number().int().positive(),
  /** ISO 8601 time the request started. */
  timestamp: z.string(),
  request_id: z.string(),
  strategy_profile: z.string(),
  task_type: z.string(),
  /** Characters in the prompt (the text itself is never recorded). */
  query_length: z.number().int().min(0),
  /** Route target: a role or `cloud`. */
  target: z.string(),
  model_used: z.string().nullable(),
  provider: z.string().nullable(),
  endpoint: z.string().nullable(),
  /** 0 = served by the first choice; 1 = first fallback; … */
  fallback_depth: z.number().int().min(0),
  /** True when a cloud model served (or was tried last). */
  cloud: z.boolean().default(false),
  attempts: z.array(attemptRecordSchema),
  ttft_ms: z.number().min(0).nullable(),
  latency_ms: z.number().min(0),
  prompt_tokens: z.number().int().min(0).nullable(),
  completion_tokens: z.number().int().min(0).nullable(),
  success: z.boolean(),
  error_class: errorClassSchema,
  /** Error message with secrets and prompt text removed. */
  error_message: z.string().nullable(),
  stream: z.boolean().default(false),
  /** Complexity routing's local score (0–1) for this request; null when the task has none. */
  complexity_score: z.number().nullable().default(null),
  /** Which of the task's targets the score chose; null without complexity routing. */
  complexity_decision: z.enum(['weak', 'strong']).nullable().default(null),
  /** Version of the complexity scorer (weights file) that produced the score. */
  complexity_version: z.string().nullable().default(null),
  /** Version of the routing logic that decided. */
  router_version: z.string().default('1'),
  /** What the cloud charged for this request, in US dollars (0 when served on the cluster). */
  cost_usd: z.number().min(0).default(0),
  /** True when the provider sent no usage and the cost was estimated from characters (or the model has no price). */
  cost_estimated: z.boolean().default(false),
  /** PHI guard categories found and their counts (never the text); null when the guard did not flag the request. */
  phi_categories: z.record(z.string(), z.number().int().min(0)).nullable().default(null),
  /** True when a spent cloud budget narrowed or refused the request. */
  budget_exceeded: z.boolean().default(false),
  /** The A/B split's arm; absent when the task has no split. */
  variant: variantRecordSchema.optional(),
  /** The safety guard's verdict (Llama Guard categories, never the text); absent when the profile has no guard. */
  safety_guard: z
    .object({
      verdict: z.enum(['safe', 'unsafe', 'unavailable']),
      categories: z.array(z.string()),
      action: z.enum(['block', 'flag', 'fail_open', 'fail_closed', 'none']),
    })
    .optional(),
});
export type RoutingMetric = z.output<typeof routingMetricSchema>;
export type RoutingMetricInput = z.input<typeof routingMetricSchema>;

/** One candidate the router considered for a request, and what it made of it. */
export const routingCandidateSchema = z.object({
  /** Role or cloud model name. */
  target: z.string(),
  kind: z.enum(['replica', 'cloud']),
  endpoint: z.string().nullable(),
  /** Health as the router saw it. */
  state: z.enum(['healthy', 'unknown', 'unhealthy', 'circuit-open', 'half-open', 'disallowed', 'no-key']),
  in_flight: z.number().int().min(0).nullable().default(null),
  chosen: z.boolean(),
  reason: z.string(),
  /** Replica choice (prefix-aware policy): leading prompt blocks this replica served last, of `prefix_blocks_total`. */
  prefix_blocks_matched: z.number().int().min(0).optional(),
  prefix_blocks_total: z.number().int().min(0).optional(),
  /** Requests running or waiting on the replica (vLLM `/metrics` and in-flight counts); null: load unknown. */
  queue: z.number().min(0).nullable().optional(),
  /** vLLM KV-cache usage 0-1 from `/metrics`; null: unknown. */
  kv_cache_usage: z.number().min(0).max(1).nullable().optional(),
  /** The replica's summed weighted score (higher wins). */
  score: z.number().optional(),
});
export type RoutingCandidate = z.output<typeof routingCandidateSchema>;

/** Why complexity routing chose the weak or the strong target. */
export const complexityVerdictSchema = z.object({
  score: z.number(),
  threshold: z.number(),
  decision: z.enum(['weak', 'strong']),
  /** The target it chose. */
  target: z.string(),
  version: z.string(),
  /** Feature name -> value (lengths, counts and densities, never text). */
  features: z.record(z.string(), z.number()),
  /**
   * The semantic signal, when the profile turns it on: `used` (its numbers are in `features`:
   * semantic_hard, semantic_easy, semantic_logit) or `unavailable` (the score is the lexical one).
   */
  semantic: z
    .object({
      status: z.enum(['used', 'unavailable']),
      /** Why it was unavailable: timeout, role-unavailable, embedding-failed, model-mismatch, cancelled. */
      reason: z.string().optional(),
    })
    .optional(),
});
export type ComplexityVerdict = z.output<typeof complexityVerdictSchema>;

/** Written when debug routing is on: every candidate considered and why it was chosen or skipped. */
export const routingDecisionSchema = z.object({
  type: z.literal('routing_decision'),
  schema_version: z.number().int().positive(),
  timestamp: z.string(),
  request_id: z.string(),
  strategy_profile: z.string(),
  task_type: z.string(),
  target: z.string(),
  allow_cloud: z.boolean(),
  candidates: z.array(routingCandidateSchema),
  /** Complexity routing's verdict, when the task has it: numbers only, never the prompt. */
  complexity: complexityVerdictSchema.optional(),
  /** The A/B split's arm and what the hash was keyed by, when the task has a split. */
  variant: variantRecordSchema.extend({ unit: z.enum(['session', 'request']) }).optional(),
});
export type RoutingDecision = z.output<typeof routingDecisionSchema>;

/** Anything a metrics sink accepts. */
export type RoutingRecord = RoutingMetric | RoutingDecision;
