// The read entry point (`@biopipe/metrics/read`) is the part of this barrel that loads no schema library;
// the writers follow. Record schemas and types are core's: import them from `@biopipe/core`.
export * from './read-exports.js';
export { createJsonlMetricsSink } from './jsonl-metrics-sink.js';
export { createProfileMetricsSink } from './create-profile-metrics-sink.js';
export { createFileSpendLedger } from './file-spend-ledger.js';
export { listMetricsFiles } from './list-metrics-files.js';
export type { MetricsFile } from './list-metrics-files.js';
