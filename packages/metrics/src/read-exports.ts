/**
 * Reading and summarising metrics without loading the schema library (`@biopipe/metrics/read`), for
 * the report's start-up time; the main entry exports the same.
 */
export { DEFAULT_METRICS_PATH, resolveMetricsPath } from './resolve-metrics-path.js';
export type { ResolveMetricsPathOptions } from './resolve-metrics-path.js';
export { InvalidSinceError } from './metrics-errors.js';
export { parseSince } from './parse-since.js';
export { listMetricsFiles } from './list-metrics-files.js';
export type { MetricsFile } from './list-metrics-files.js';
export { readRoutingRecords } from './read-routing-records.js';
export type { ReadRoutingRecordsOptions, ReadRoutingRecordsResult } from './read-routing-records.js';
export { MAX_PROBLEMS } from './read-record-range.js';
export type { ReadProblem, ReadStatistics } from './read-record-range.js';
export { MetricsAccumulator, NO_MODEL } from './metrics-accumulator.js';
export { aggregateMetricsFiles } from './aggregate-metrics-files.js';
export type { AggregateMetricsFilesOptions, AggregateMetricsFilesResult } from './aggregate-metrics-files.js';
export { MAX_TIME_BUCKETS, TOP_ERRORS, summarizeMetrics } from './summarize-metrics.js';
export type { SummarizeMetricsOptions } from './summarize-metrics.js';
export { METRICS_SUMMARY_VERSION } from './metrics-summary.js';
export type { ComplexitySummary } from './summarize-complexity.js';
export type {
  GroupSummary,
  MetricsSummary,
  PercentileSummary,
  ReadSummary,
  TimeBucketSummary,
} from './metrics-summary.js';
export { summarizeCost } from './summarize-cost.js';
export type { CostGroupSummary, CostSummary, CounterfactualPrice } from './summarize-cost.js';
export { PERCENTILE_METHOD, REPORTED_PERCENTILES, percentileOfSorted } from './percentile.js';
export { selectPercentiles } from './select-percentiles.js';
export { appendFeedback, readFeedback, resolveFeedbackPath } from './feedback-file.js';
export type { FeedbackIndex } from './feedback-file.js';
export {
  FEEDBACK_NOTE_MAX_CHARS,
  FEEDBACK_SCHEMA_VERSION,
  createFeedbackRecord,
  parseFeedbackLine,
} from './feedback-record.js';
export type { FeedbackProblem, FeedbackRating, FeedbackRecord } from './feedback-record.js';
export { MIN_SAMPLE_PER_ARM, SIGNIFICANCE_LEVEL, summarizeVariants } from './summarize-variants.js';
export type {
  ArmSummary,
  ComparisonSummary,
  ExperimentSummary,
  TestSummary,
  VariantsSummary,
} from './summarize-variants.js';
export { mannWhitneyU, normalCdf, twoProportionZTest } from './significance-tests.js';
export type { TestResult } from './significance-tests.js';
