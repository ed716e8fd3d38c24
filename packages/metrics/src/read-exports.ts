/**
 * Reading and summarising metrics without loading the schema library (`@biopipe/metrics/read`), for
 * the report's start-up time; the main entry exports the same.
 */
export { resolveMetricsPath } from './resolve-metrics-path.js';
export { parseSince } from './parse-since.js';
export { readRoutingRecords } from './read-routing-records.js';
export { MetricsAccumulator } from './metrics-accumulator.js';
export { aggregateMetricsFiles } from './aggregate-metrics-files.js';
export { summarizeMetrics } from './summarize-metrics.js';
export type { ComplexitySummary } from './summarize-complexity.js';
export type { GroupSummary, MetricsSummary, TimeBucketSummary } from './metrics-summary.js';
export type { CostGroupSummary, CostSummary, CounterfactualPrice } from './summarize-cost.js';
export { percentileOfSorted } from './percentile.js';
export { appendFeedback, readFeedback, resolveFeedbackPath } from './feedback-file.js';
export { createFeedbackRecord } from './feedback-record.js';
export type { TestSummary, VariantsSummary } from './summarize-variants.js';
