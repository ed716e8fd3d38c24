import type { CostSummary } from './summarize-cost.js';
import type { ComplexitySummary } from './summarize-complexity.js';
import type { VariantsSummary } from './summarize-variants.js';

/** Version of the summary's JSON shape; bumped only when a field changes meaning or goes away. */
export const METRICS_SUMMARY_VERSION = 1;

/** p50/p95/p99 of a set of values in ms; null when the set is empty. */
export interface PercentileSummary {
  /** Values the percentiles were computed over. */
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** The numbers of one group of requests. Rates are fractions (0…1) of `requests`; null when it is 0. */
export interface GroupSummary {
  requests: number;
  successes: number;
  errors: number;
  success_rate: number | null;
  error_rate: number | null;
  /** Requests not served by their first choice (fallback depth above 0). */
  fallbacks: number;
  fallback_rate: number | null;
  /** Requests a cloud model served (or was tried last for). */
  cloud_requests: number;
  cloud_share: number | null;
  /** Total latency of every request, failures included. */
  latency_ms: PercentileSummary;
  /** Time to first token, over requests that streamed one. */
  ttft_ms: PercentileSummary;
}

export interface TimeBucketSummary {
  /** Start of the bucket (ISO 8601, UTC). */
  start: string;
  requests: number;
  fallbacks: number;
  fallback_rate: number | null;
}

export interface ReadSummary {
  files: string[];
  lines: number;
  /** Metric records in the window. */
  records: number;
  decisions: number;
  outside_window: number;
  /** Newest record before the window (ISO), or null. */
  newest_outside_window: string | null;
  /** Torn, cut or invalid lines skipped. */
  invalid_lines: number;
  upgraded_records: number;
  problems: { file: string; line: number; reason: string }[];
}

/** The report as data; `--format json` prints it as is. */
export interface MetricsSummary {
  summary_version: number;
  generated_at: string;
  /** ISO time of `--since`, or null for everything. */
  since: string | null;
  first_record: string | null;
  last_record: string | null;
  percentile_method: string;
  source: ReadSummary;
  totals: GroupSummary;
  fallback_depths: { depth: number; requests: number; share: number }[];
  by_task: (GroupSummary & { task_type: string })[];
  by_model: (GroupSummary & { model: string })[];
  /** By serving endpoint: each replica (and cloud base URL), with its TTFT percentiles. */
  by_endpoint: (GroupSummary & { endpoint: string })[];
  top_errors: { error_class: string; count: number; share_of_errors: number }[];
  fallback_over_time: { bucket_ms: number; buckets: TimeBucketSummary[] };
  /** Cloud spend by task, model and day, and the savings against sending everything to the first cloud model. */
  cost: CostSummary;
  /** Complexity routing: strong share by task, score histogram, kept-weak versus escalated. Null without scores. */
  complexity: ComplexitySummary | null;
  /** A/B splits: arms compared on success rate, latency and feedback, with significance tests. Null without variants. */
  variants: VariantsSummary | null;
}
