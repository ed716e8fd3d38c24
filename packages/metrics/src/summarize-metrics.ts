import type { FloatSamples } from './float-samples.js';
import {
  MINUTE_MS,
  combineGroupAccumulators,
  type GroupAccumulator,
  type MetricsAccumulator,
} from './metrics-accumulator.js';
import {
  METRICS_SUMMARY_VERSION,
  type GroupSummary,
  type MetricsSummary,
  type PercentileSummary,
  type ReadSummary,
  type TimeBucketSummary,
} from './metrics-summary.js';
import { PERCENTILE_METHOD, REPORTED_PERCENTILES } from './percentile.js';
import type { ReadStatistics } from './read-record-range.js';
import { selectPercentiles } from './select-percentiles.js';
import { summarizeCost, type CounterfactualPrice } from './summarize-cost.js';
import { summarizeComplexity } from './summarize-complexity.js';
import { summarizeVariants } from './summarize-variants.js';
import type { FeedbackIndex } from './feedback-file.js';

/** Error classes listed in `top_errors`. */
export const TOP_ERRORS = 10;
/** The most buckets `fallback_over_time` has; the bucket width grows to fit. */
export const MAX_TIME_BUCKETS = 96;
const BUCKET_WIDTHS_MS = [1, 5, 15, 30, 60, 180, 360, 720, 1440, 10080].map((minutes) => minutes * MINUTE_MS);

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function summarizePercentiles(runs: readonly FloatSamples[]): PercentileSummary {
  const [p50 = null, p95 = null, p99 = null] = selectPercentiles(runs, REPORTED_PERCENTILES);
  return { count: runs.reduce((sum, run) => sum + run.length, 0), p50, p95, p99 };
}

function summarizeGroup(group: GroupAccumulator): GroupSummary {
  return {
    requests: group.requests,
    successes: group.successes,
    errors: group.requests - group.successes,
    success_rate: rate(group.successes, group.requests),
    error_rate: rate(group.requests - group.successes, group.requests),
    fallbacks: group.fallbacks,
    fallback_rate: rate(group.fallbacks, group.requests),
    cloud_requests: group.cloud,
    cloud_share: rate(group.cloud, group.requests),
    latency_ms: summarizePercentiles(group.latency),
    ttft_ms: summarizePercentiles(group.ttft),
  };
}

const byRequestsThenName =
  <T extends { requests: number }>(name: (item: T) => string) =>
  (left: T, right: T): number =>
    right.requests - left.requests || (name(left) < name(right) ? -1 : name(left) > name(right) ? 1 : 0);

function summarizeTime(accumulator: MetricsAccumulator): MetricsSummary['fallback_over_time'] {
  if (accumulator.minutes.size === 0) return { bucket_ms: MINUTE_MS, buckets: [] };
  const span = accumulator.lastTime - accumulator.firstTime;
  const width =
    BUCKET_WIDTHS_MS.find((candidate) => span / candidate < MAX_TIME_BUCKETS) ?? (BUCKET_WIDTHS_MS.at(-1) as number);
  const buckets = new Map<number, { requests: number; fallbacks: number }>();
  for (const [minute, counts] of accumulator.minutes) {
    const start = Math.floor(minute / width) * width;
    const bucket = buckets.get(start) ?? { requests: 0, fallbacks: 0 };
    bucket.requests += counts.requests;
    bucket.fallbacks += counts.fallbacks;
    buckets.set(start, bucket);
  }
  const summaries: TimeBucketSummary[] = [...buckets.entries()]
    .sort(([left], [right]) => left - right)
    .map(([start, counts]) => ({
      start: new Date(start).toISOString(),
      requests: counts.requests,
      fallbacks: counts.fallbacks,
      fallback_rate: rate(counts.fallbacks, counts.requests),
    }));
  return { bucket_ms: width, buckets: summaries };
}

export interface SummarizeMetricsOptions {
  accumulator: MetricsAccumulator;
  statistics: ReadStatistics & { files: string[] };
  /** `--since` as epoch ms, when given. */
  sinceMs?: number | undefined;
  /** @default Date.now() */
  now?: number;
  /** The profile's first cloud model and its price, for the savings figure. @default no counterfactual */
  counterfactual?: CounterfactualPrice | undefined;
  /** User feedback (`readFeedback`), joined to A/B arms by request id. @default none */
  feedback?: FeedbackIndex | undefined;
}

/** Turns what was read into the report's numbers: rates, exact percentiles ({@link PERCENTILE_METHOD}), histograms. */
export function summarizeMetrics(options: SummarizeMetricsOptions): MetricsSummary {
  const { accumulator, statistics } = options;
  // Each request is in exactly one task group, so the task groups together are every request.
  const totals = summarizeGroup(combineGroupAccumulators([...accumulator.byTask.values()]));
  const errorCount = [...accumulator.errors.values()].reduce((sum, count) => sum + count, 0);
  const source: ReadSummary = {
    files: statistics.files,
    lines: statistics.lines,
    records: statistics.metrics,
    decisions: statistics.decisions,
    outside_window: statistics.outsideWindow,
    newest_outside_window:
      statistics.newestOutsideWindow === null ? null : new Date(statistics.newestOutsideWindow).toISOString(),
    invalid_lines: statistics.invalid,
    upgraded_records: statistics.upgraded,
    problems: statistics.problems,
  };
  return {
    summary_version: METRICS_SUMMARY_VERSION,
    generated_at: new Date(options.now ?? Date.now()).toISOString(),
    since: options.sinceMs === undefined ? null : new Date(options.sinceMs).toISOString(),
    first_record: totals.requests === 0 ? null : new Date(accumulator.firstTime).toISOString(),
    last_record: totals.requests === 0 ? null : new Date(accumulator.lastTime).toISOString(),
    percentile_method: PERCENTILE_METHOD,
    source,
    totals,
    fallback_depths: [...accumulator.fallbackDepths.entries()]
      .sort(([left], [right]) => left - right)
      .map(([depth, requests]) => ({ depth, requests, share: requests / totals.requests })),
    by_task: [...accumulator.byTask.entries()]
      .map(([task_type, group]) => ({ task_type, ...summarizeGroup(group) }))
      .sort(byRequestsThenName((item) => item.task_type)),
    by_model: [...accumulator.byModel.entries()]
      .map(([model, group]) => ({ model, ...summarizeGroup(group) }))
      .sort(byRequestsThenName((item) => item.model)),
    by_endpoint: [...accumulator.byEndpoint.entries()]
      .map(([endpoint, group]) => ({ endpoint, ...summarizeGroup(group) }))
      .sort(byRequestsThenName((item) => item.endpoint)),
    top_errors: [...accumulator.errors.entries()]
      .sort(([leftClass, left], [rightClass, right]) => right - left || (leftClass < rightClass ? -1 : 1))
      .slice(0, TOP_ERRORS)
      .map(([error_class, count]) => ({ error_class, count, share_of_errors: count / errorCount })),
    fallback_over_time: summarizeTime(accumulator),
    cost: summarizeCost(accumulator.cost, options.counterfactual),
    complexity: summarizeComplexity(accumulator.complexity, summarizeGroup),
    variants: summarizeVariants(accumulator.variants, options.feedback),
  };
}
