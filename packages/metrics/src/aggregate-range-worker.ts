import { parentPort } from 'node:worker_threads';
import { sortSamples, type FloatSamples } from './float-samples.js';
import { MetricsAccumulator } from './metrics-accumulator.js';
import { readRecordRange, type ReadRecordRangeOptions } from './read-record-range.js';

/** Every sample run (latency, TTFT) anywhere in `value`: an accumulator is plain data. */
function findSamples(value: unknown, into: FloatSamples[]): FloatSamples[] {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return into;
  if (value instanceof Map) for (const entry of value.values()) findSamples(entry, into);
  else if ((value as Partial<FloatSamples>).values instanceof Float64Array) into.push(value as FloatSamples);
  else for (const entry of Object.values(value)) findSamples(entry, into);
  return into;
}

/** A worker of `aggregateMetricsFiles`: reads one byte range per message and answers with a partial accumulator. */
parentPort?.on('message', (task: Pick<ReadRecordRangeOptions, 'range' | 'sinceMs'>) => {
  const accumulator = new MetricsAccumulator();
  readRecordRange({ ...task, fields: 'summary', onMetric: (record, time) => accumulator.add(record, time) }).then(
    (statistics) => {
      // Sorted here, in parallel, the runs' percentiles take the main thread no pass over the values
      // (selection across them was a third of the report's time on one thread). Transferred, not
      // copied: a copy would hold every sample twice until this thread's next collection.
      const samples = findSamples(accumulator, []);
      samples.forEach(sortSamples);
      parentPort?.postMessage({ statistics, accumulator }, [
        ...new Set(samples.map((run) => run.values.buffer as ArrayBuffer)),
      ]);
    },
    (error: unknown) =>
      parentPort?.postMessage({
        error:
          error instanceof Error
            ? { message: error.message, code: (error as NodeJS.ErrnoException).code }
            : { message: String(error) },
      }),
  );
});
