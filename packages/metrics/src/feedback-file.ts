import { createReadStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseFeedbackLine, type FeedbackRating, type FeedbackRecord } from './feedback-record.js';

/**
 * The feedback file beside a metrics file: `routing_metrics.jsonl` -> `routing_metrics.feedback.jsonl`.
 * A separate file, so the metrics reader, rotation and the per-process sinks are untouched.
 */
export function resolveFeedbackPath(metricsPath: string): string {
  const base = path.basename(metricsPath).replace(/\.jsonl$/, '');
  return path.join(path.dirname(metricsPath), `${base}.feedback.jsonl`);
}

/**
 * Appends one record as one line in one `write` with O_APPEND, so lines from concurrent writers
 * (the CLI and a gateway) never interleave.
 */
export async function appendFeedback(file: string, record: FeedbackRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`, { flag: 'a', mode: 0o600 });
}

/** The feedback file as the report reads it. */
export interface FeedbackIndex {
  /** The last rating given for each request id (a user may change their mind). */
  ratings: Map<string, FeedbackRating>;
  /** Records read. */
  records: number;
  /** Lines skipped (torn, invalid), with their 1-based line number and why; at most 20 kept. */
  problems: { line: number; reason: string }[];
  skipped: number;
}

/** Reads the feedback file line by line; a missing file is empty feedback, a torn line is skipped and counted. */
export async function readFeedback(file: string): Promise<FeedbackIndex> {
  const index: FeedbackIndex = { ratings: new Map(), records: 0, problems: [], skipped: 0 };
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = await new Promise<boolean>((resolve, reject) => {
    stream.once('open', () => resolve(true));
    stream.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve(false) : reject(error)));
  });
  if (!opened) return index;
  let lineNumber = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const parsed = parseFeedbackLine(line);
    if ('reason' in parsed) {
      index.skipped += 1;
      if (index.problems.length < 20) index.problems.push({ line: lineNumber, reason: parsed.reason });
      continue;
    }
    index.records += 1;
    index.ratings.set(parsed.record.request_id, parsed.record.rating);
  }
  return index;
}
