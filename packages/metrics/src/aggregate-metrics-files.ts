import { Worker } from 'node:worker_threads';
import { listMetricsFiles, type MetricsFile } from './list-metrics-files.js';
import { MetricsAccumulator } from './metrics-accumulator.js';
import { addReadStatistics, createReadStatistics, readRecordRange, type ReadStatistics } from './read-record-range.js';
import type { LineRange } from './read-line-range.js';

export interface AggregateMetricsFilesOptions {
  /** The live metrics file; rotated files beside it are read too. */
  path: string;
  /** Earliest timestamp kept (epoch ms, inclusive). @default no limit */
  sinceMs?: number | undefined;
  /**
   * Threads reading in parallel. Above 1, files are split into byte ranges read by worker threads
   * (the compiled `aggregate-range-worker.js` must sit beside this module, as it does in `dist/`).
   * @default 1
   */
  workers?: number;
  /** Smallest range worth a thread of its own. @default 8388608 (8 MiB) */
  minRangeBytes?: number;
}

export interface AggregateMetricsFilesResult extends ReadStatistics {
  /** Files read, oldest first. Empty when none exists. */
  files: string[];
  accumulator: MetricsAccumulator;
}

function splitIntoRanges(files: readonly MetricsFile[], workers: number, minRangeBytes: number): LineRange[] {
  const ranges: LineRange[] = [];
  for (const file of files) {
    const parts = workers <= 1 ? 1 : Math.max(1, Math.min(workers * 2, Math.floor(file.size / minRangeBytes)));
    const step = Math.ceil(file.size / parts);
    if (parts === 1) ranges.push({ file: file.path });
    else
      for (let start = 0; start < file.size; start += step)
        ranges.push({ file: file.path, start, end: Math.min(file.size, start + step) });
  }
  return ranges;
}

type RangeResult = { statistics: ReadStatistics; accumulator: MetricsAccumulator };

async function readInWorkers(
  ranges: readonly LineRange[],
  sinceMs: number | undefined,
  workers: number,
): Promise<RangeResult[]> {
  const results: RangeResult[] = new Array<RangeResult>(ranges.length);
  let next = 0;
  const runWorker = async (): Promise<void> => {
    const worker = new Worker(new URL('./aggregate-range-worker.js', import.meta.url));
    try {
      while (next < ranges.length) {
        const index = next++;
        results[index] = await new Promise<RangeResult>((resolve, reject) => {
          const onError = (error: Error): void => reject(error);
          worker.once('error', onError);
          worker.once('message', (message: RangeResult | { error: { message: string; code?: string } }) => {
            worker.off('error', onError);
            if ('error' in message)
              reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
            else
              resolve({ statistics: message.statistics, accumulator: MetricsAccumulator.revive(message.accumulator) });
          });
          worker.postMessage({ range: ranges[index], sinceMs });
        });
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, ranges.length) }, runWorker));
  return results;
}

/**
 * Reads a metrics series (rotated files oldest first, then the live file) into one accumulator,
 * optionally on several threads. Line numbers in `problems` are numbers within each file.
 */
export async function aggregateMetricsFiles(
  options: AggregateMetricsFilesOptions,
): Promise<AggregateMetricsFilesResult> {
  const files = await listMetricsFiles(options.path);
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const ranges = splitIntoRanges(files, workers, options.minRangeBytes ?? 8 * 1024 * 1024);
  let results: RangeResult[];
  if (workers > 1 && ranges.length > 1) {
    results = await readInWorkers(ranges, options.sinceMs, workers);
  } else {
    results = [];
    for (const range of ranges) {
      const accumulator = new MetricsAccumulator();
      const statistics = await readRecordRange({
        range,
        sinceMs: options.sinceMs,
        fields: 'summary',
        onMetric: (record, time) => accumulator.add(record, time),
      });
      results.push({ statistics, accumulator });
    }
  }
  const accumulator = MetricsAccumulator.combine(results.map((result) => result.accumulator));
  const total: AggregateMetricsFilesResult = {
    ...createReadStatistics(),
    files: files.map((file) => file.path),
    accumulator,
  };
  const linesBefore = new Map<string, number>();
  results.forEach((result, index) => {
    const file = ranges[index]?.file ?? '';
    const offset = linesBefore.get(file) ?? 0;
    addReadStatistics(total, result.statistics, offset);
    linesBefore.set(file, offset + result.statistics.lines);
  });
  return total;
}
