import { routingDecisionSchema, routingMetricSchema } from '@biopipe/core';
import type { z } from 'zod';
import { parseRecordFast, type ParsedLine } from './parse-record-fast.js';
import { isLegacyRecord, upgradeLegacyRecord } from './upgrade-legacy-record.js';

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'does not match the record schema';
  const field = issue.path.length === 0 ? 'record' : issue.path.join('.');
  return `${field}: ${issue.message}`;
}

/**
 * The slow path for a parsed JSON object the fast checks passed on: decisions, records with
 * defaulted fields and newer versions go through zod; version 0 records are upgraded first.
 */
export function parseCheckedRecord(object: Record<string, unknown>): ParsedLine {
  if (object['type'] === 'routing_decision') {
    const decision = routingDecisionSchema.safeParse(object);
    return decision.success
      ? { kind: 'decision', record: decision.data }
      : { kind: 'invalid', reason: `routing_decision ${describeIssue(decision.error)}` };
  }
  if (object['type'] !== undefined && object['type'] !== 'routing_metric') {
    return { kind: 'invalid', reason: `unknown record type ${JSON.stringify(object['type'])}` };
  }
  const legacy = isLegacyRecord(object);
  const metric = routingMetricSchema.safeParse(legacy ? upgradeLegacyRecord(object) : object);
  if (!metric.success) return { kind: 'invalid', reason: `routing_metric ${describeIssue(metric.error)}` };
  return { kind: 'metric', record: metric.data, upgraded: legacy };
}

/**
 * Parses one JSONL line. Current records take the fast path (JSON.parse and shape checks);
 * decisions, records with defaulted fields and older schema versions go through zod; version 0
 * records are upgraded first. Never throws: a torn or invalid line comes back as `invalid` with a reason.
 */
export function parseRecordLine(line: string): ParsedLine {
  const parsed = parseRecordFast(line);
  return parsed.kind === 'unchecked' ? parseCheckedRecord(parsed.value) : parsed;
}
export type { ParsedLine } from './parse-record-fast.js';
