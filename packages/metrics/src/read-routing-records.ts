import type { RoutingDecision, RoutingMetric } from '@biopipe/core';
import { listMetricsFiles } from './list-metrics-files.js';
import { addReadStatistics, createReadStatistics, readRecordRange, type ReadStatistics } from './read-record-range.js';

export interface ReadRoutingRecordsOptions {
  /** The live metrics file; rotated files beside it (`<path>.1` …) are read too, oldest first. */
  path: string;
  /** Earliest timestamp kept (epoch ms, inclusive); see `parseSince`. @default no limit */
  sinceMs?: number | undefined;
  onMetric(record: RoutingMetric, time: number): void;
  onDecision?(record: RoutingDecision, time: number): void;
}

export interface ReadRoutingRecordsResult extends ReadStatistics {
  /** Files read, oldest first. Empty when none exists. */
  files: string[];
}

/**
 * Streams every record of a metrics series in file order, in constant memory: rotated files oldest
 * first, then the live file. Metrics and decisions go to their callbacks (older schema versions
 * upgraded); torn or invalid lines are counted and skipped, never fatal.
 */
export async function readRoutingRecords(options: ReadRoutingRecordsOptions): Promise<ReadRoutingRecordsResult> {
  const files = await listMetricsFiles(options.path);
  const result: ReadRoutingRecordsResult = { ...createReadStatistics(), files: files.map((file) => file.path) };
  for (const file of files) {
    const statistics = await readRecordRange({
      range: { file: file.path },
      sinceMs: options.sinceMs,
      inOrder: true,
      onMetric: options.onMetric,
      ...(options.onDecision === undefined ? {} : { onDecision: options.onDecision }),
    });
    addReadStatistics(result, statistics);
  }
  return result;
}
