// The read entry point (`@biopipe/metrics/read`) is the part of this barrel that loads no schema library;
// the writers follow. Record schemas and types are core's: import them from `@biopipe/core`.
export * from './read-exports.js';
export { JsonlMetricsSink, createJsonlMetricsSink } from './jsonl-metrics-sink.js';
export type { JsonlMetricsSinkOptions, SinkStatistics } from './jsonl-metrics-sink.js';
export { createProfileMetricsSink } from './create-profile-metrics-sink.js';
export type { CreateProfileMetricsSinkOptions } from './create-profile-metrics-sink.js';
export { rotateMetricsFile } from './rotate-metrics-file.js';
export type { RotateMetricsFileOptions, RotationOutcome } from './rotate-metrics-file.js';
export { installExitFlush } from './install-exit-flush.js';
export type { InstallExitFlushOptions, SynchronouslyFlushable } from './install-exit-flush.js';
export { parseRecordLine } from './parse-record-line.js';
export type { ParsedLine } from './parse-record-line.js';
export { LEGACY_ERROR_CLASS, LEGACY_ROUTER_VERSION, upgradeLegacyRecord } from './upgrade-legacy-record.js';
export { redactSecrets } from './redact-secrets.js';
export { createFileSpendLedger } from './file-spend-ledger.js';
export type { FileSpendLedgerOptions } from './file-spend-ledger.js';
