import type { RoutingDecision, RoutingMetric } from '@biopipe/core';
import { parseRecordFast, type ParsedLine } from './parse-record-fast.js';
import { readLineRange, type LineEnding, type LineRange } from './read-line-range.js';
import { DECISION, MetricLineScanner, type MetricFields } from './scan-metric-line.js';

type RecordChecker = (object: Record<string, unknown>) => ParsedLine;
let loadingChecker: Promise<RecordChecker> | undefined;

/** Loads the zod path on first need (see `parseRecordFast`). */
function loadRecordChecker(): Promise<RecordChecker> {
  loadingChecker ??= import('./parse-record-line.js').then((module) => module.parseCheckedRecord);
  return loadingChecker;
}

/** A line that was skipped, and why. */
export interface ReadProblem {
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  reason: string;
}

/** What reading found, beyond the records themselves. */
export interface ReadStatistics {
  /** Lines read, blank ones included. */
  lines: number;
  /** Metric records inside the window. */
  metrics: number;
  /** Decision records inside the window. */
  decisions: number;
  /** Valid records before `since`. */
  outsideWindow: number;
  /** Timestamp (epoch ms) of the newest record before `since`, to say how far back data ends. */
  newestOutsideWindow: number | null;
  /** Torn, cut or invalid lines skipped. */
  invalid: number;
  /** Records upgraded from an older schema version. */
  upgraded: number;
  /** The first few skipped lines (at most {@link MAX_PROBLEMS}). */
  problems: ReadProblem[];
}

export const MAX_PROBLEMS = 5;

/** Whole records, or (for the report, which reads a few fields of millions) only the summary fields. */
type MetricCallback =
  | { fields?: 'all'; onMetric(record: RoutingMetric, time: number): void }
  | {
      /** Current records are read by {@link MetricLineScanner} (decisions only counted, without `onDecision`); others arrive whole. */
      fields: 'summary';
      onMetric(record: MetricFields, time: number): void;
    };

export type ReadRecordRangeOptions = MetricCallback & {
  range: LineRange;
  /** Earliest timestamp kept (epoch ms, inclusive). @default no limit */
  sinceMs?: number | undefined;
  /**
   * Deliver records strictly in file order. Otherwise records that need the schema library wait
   * (a slice at most) while it loads, and a reader of current records never loads it. @default false
   */
  inOrder?: boolean;
  onDecision?(record: RoutingDecision, time: number): void;
};

export function createReadStatistics(): ReadStatistics {
  return {
    lines: 0,
    metrics: 0,
    decisions: 0,
    outsideWindow: 0,
    newestOutsideWindow: null,
    invalid: 0,
    upgraded: 0,
    problems: [],
  };
}

/** Reads the records of one byte range of a metrics file; line numbers in `problems` count from the range's start. */
export async function readRecordRange(options: ReadRecordRangeOptions): Promise<ReadStatistics> {
  const statistics = createReadStatistics();
  const since = options.sinceMs ?? Number.NEGATIVE_INFINITY;
  const skip = (line: number, reason: string): void => {
    statistics.invalid += 1;
    if (statistics.problems.length < MAX_PROBLEMS) statistics.problems.push({ file: options.range.file, line, reason });
  };
  /** False (counted) for a record before `since`. */
  const inWindow = (time: number): boolean => {
    if (time >= since) return true;
    statistics.outsideWindow += 1;
    if (statistics.newestOutsideWindow === null || time > statistics.newestOutsideWindow)
      statistics.newestOutsideWindow = time;
    return false;
  };
  const handle = (parsed: ParsedLine, lineNumber: number, ending: LineEnding): void => {
    if (parsed.kind === 'invalid') {
      skip(lineNumber, ending === 'end-of-file' ? `cut off at the end of the file (${parsed.reason})` : parsed.reason);
      return;
    }
    const time = Date.parse(parsed.record.timestamp);
    if (Number.isNaN(time)) {
      skip(lineNumber, `timestamp ${JSON.stringify(parsed.record.timestamp)} is not a date`);
      return;
    }
    if (!inWindow(time)) return;
    if (parsed.kind === 'metric') {
      statistics.metrics += 1;
      if (parsed.upgraded) statistics.upgraded += 1;
      options.onMetric(parsed.record, time);
    } else {
      statistics.decisions += 1;
      options.onDecision?.(parsed.record, time);
    }
  };
  // Objects the fast path passed on, waiting for the schemas to load.
  const deferred: { value: Record<string, unknown>; lineNumber: number; ending: LineEnding }[] = [];
  let checker = options.inOrder === true ? await loadRecordChecker() : undefined;
  const catchUp = async (): Promise<void> => {
    checker ??= await loadRecordChecker();
    for (const entry of deferred.splice(0)) handle(checker(entry.value), entry.lineNumber, entry.ending);
  };
  // Current metric records, for a reader of summary fields; true when the line was one.
  let scanLine: ((bytes: Buffer, start: number, end: number) => boolean) | undefined;
  if (options.fields === 'summary') {
    const scanner = new MetricLineScanner();
    const onMetric = options.onMetric;
    scanLine = (bytes, start, end) => {
      const fields = scanner.scan(bytes, start, end);
      if (fields === undefined || (fields === DECISION && options.onDecision !== undefined)) return false;
      if (!inWindow(scanner.time)) return true;
      if (fields === DECISION) statistics.decisions += 1;
      else {
        statistics.metrics += 1;
        onMetric(fields, scanner.time);
      }
      return true;
    };
  }
  const { lines, oversized } = await readLineRange({
    ...options.range,
    beforeSlice: () => (deferred.length === 0 ? undefined : catchUp()),
    onLine(bytes, start, end, lineNumber, ending) {
      if (scanLine?.(bytes, start, end) === true) return;
      // Anything else is decoded, parsed and checked whole, for exact problem reports and upgrades.
      const parsed = parseRecordFast(bytes.toString('utf8', start, end));
      if (parsed.kind !== 'unchecked') handle(parsed, lineNumber, ending);
      else if (checker !== undefined) handle(checker(parsed.value), lineNumber, ending);
      else deferred.push({ value: parsed.value, lineNumber, ending });
    },
  });
  if (deferred.length > 0) await catchUp();
  statistics.lines = lines;
  for (const line of oversized) skip(line, 'line too long to be a routing record');
  statistics.problems.sort((left, right) => left.line - right.line);
  return statistics;
}

/** Adds `part` (a later range, whose line numbers start after `lineOffset` lines) to `total`. */
export function addReadStatistics(total: ReadStatistics, part: ReadStatistics, lineOffset = 0): void {
  total.lines += part.lines;
  total.metrics += part.metrics;
  total.decisions += part.decisions;
  total.outsideWindow += part.outsideWindow;
  if (
    part.newestOutsideWindow !== null &&
    (total.newestOutsideWindow === null || part.newestOutsideWindow > total.newestOutsideWindow)
  ) {
    total.newestOutsideWindow = part.newestOutsideWindow;
  }
  total.invalid += part.invalid;
  total.upgraded += part.upgraded;
  for (const problem of part.problems) {
    if (total.problems.length < MAX_PROBLEMS) total.problems.push({ ...problem, line: problem.line + lineOffset });
  }
}
