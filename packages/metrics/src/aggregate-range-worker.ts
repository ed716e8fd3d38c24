import { parentPort } from 'node:worker_threads';
import { MetricsAccumulator } from './metrics-accumulator.js';
import { readRecordRange, type ReadRecordRangeOptions } from './read-record-range.js';

/** A worker of `aggregateMetricsFiles`: reads one byte range per message and answers with a partial accumulator. */
parentPort?.on('message', (task: Pick<ReadRecordRangeOptions, 'range' | 'sinceMs'>) => {
  const accumulator = new MetricsAccumulator();
  readRecordRange({ ...task, fields: 'summary', onMetric: (record, time) => accumulator.add(record, time) }).then(
    (statistics) => parentPort?.postMessage({ statistics, accumulator }),
    (error: unknown) =>
      parentPort?.postMessage({
        error:
          error instanceof Error
            ? { message: error.message, code: (error as NodeJS.ErrnoException).code }
            : { message: String(error) },
      }),
  );
});
