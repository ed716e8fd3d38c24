import { routingDecisionSchema, routingMetricSchema, type RoutingDecision, type RoutingMetric } from '@biopipe/core';
import type { z } from 'zod';
import { isCurrentRoutingMetric } from './is-current-routing-metric.js';
import { isLegacyRecord, upgradeLegacyRecord } from './upgrade-legacy-record.js';

/** What one line of a metrics file holds. */
export type ParsedLine =
  | { kind: 'metric'; record: RoutingMetric; /** Upgraded from an older schema version. */ upgraded: boolean }
  | { kind: 'decision'; record: RoutingDecision }
  | { kind: 'invalid'; reason: string };

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'does not match the record schema';
  const field = issue.path.length === 0 ? 'record' : issue.path.join('.');
  return `${field}: ${issue.message}`;
}

/**
 * Parses one JSONL line. Current metric records take a fast path (JSON.parse and shape checks);
 * decisions, records with defaulted fields and older schema versions go through zod; version 0
 * records are upgraded first. Never throws: a torn or invalid line comes back as `invalid` with a reason.
 */
export function parseRecordLine(line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'invalid', reason: 'not valid JSON (a torn or cut line?)' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'not a JSON object' };
  }
  const object = value as Record<string, unknown>;
  if (isCurrentRoutingMetric(object)) return { kind: 'metric', record: object, upgraded: false };
  if (object['type'] === 'routing_decision') {
    const decision = routingDecisionSchema.safeParse(object);
    return decision.success ? { kind: 'decision', record: decision.data } : { kind: 'invalid', reason: `routing_decision ${describeIssue(decision.error)}` };
  }
  if (object['type'] !== undefined && object['type'] !== 'routing_metric') {
    return { kind: 'invalid', reason: `unknown record type ${JSON.stringify(object['type'])}` };
  }
  const legacy = isLegacyRecord(object);
  const metric = routingMetricSchema.safeParse(legacy ? upgradeLegacyRecord(object) : object);
  if (!metric.success) return { kind: 'invalid', reason: `routing_metric ${describeIssue(metric.error)}` };
  return { kind: 'metric', record: metric.data, upgraded: legacy };
}
