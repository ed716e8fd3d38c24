import { parseCheckedRecord } from './parse-checked-record.js';
import { parseRecordFast, type ParsedLine } from './parse-record-fast.js';

export type { ParsedLine } from './parse-record-fast.js';

/**
 * Parses one JSONL line. Current metric records take a fast path (JSON.parse and shape checks);
 * decisions, records with defaulted fields and older schema versions go through zod; version 0
 * records are upgraded first. Never throws: a torn or invalid line comes back as `invalid` with a reason.
 */
export function parseRecordLine(line: string): ParsedLine {
  const parsed = parseRecordFast(line);
  return parsed.kind === 'unchecked' ? parseCheckedRecord(parsed.value) : parsed;
}
