import { describe, expect, it } from '@jest/globals';
import { routingDecisionSchema } from '@biopipe/core';
import { isCurrentRoutingDecision } from './is-current-routing-decision.js';
import { createRoutingDecision } from './testing/create-routing-records.js';

const candidate = {
  target: 'coder',
  kind: 'replica',
  endpoint: null,
  state: 'healthy',
  in_flight: 0,
  chosen: true,
  reason: 'ok',
};
const mutations: [string, (record: Record<string, unknown>) => void][] = [
  ['type missing', (record) => delete record['type']],
  ['schema_version 2', (record) => (record['schema_version'] = 2)],
  ['timestamp a number', (record) => (record['timestamp'] = 5)],
  ['allow_cloud a string', (record) => (record['allow_cloud'] = 'no')],
  ['candidates not an array', (record) => (record['candidates'] = null)],
  ['candidate kind unknown', (record) => (record['candidates'] = [{ ...candidate, kind: 'gpu' }])],
  ['candidate state unknown', (record) => (record['candidates'] = [{ ...candidate, state: 'sleepy' }])],
  [
    'candidate in_flight missing (zod would default it)',
    (record) => (record['candidates'] = [{ ...candidate, in_flight: undefined }]),
  ],
  ['candidate in_flight negative', (record) => (record['candidates'] = [{ ...candidate, in_flight: -1 }])],
  ['candidate endpoint missing', (record) => (record['candidates'] = [{ ...candidate, endpoint: undefined }])],
  ['candidate reason missing', (record) => (record['candidates'] = [{ ...candidate, reason: undefined }])],
];

describe('isCurrentRoutingDecision', () => {
  it('accepts complete decisions, which zod passes through unchanged', () => {
    for (const record of [createRoutingDecision(), createRoutingDecision({ candidates: [] })]) {
      const copy = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
      expect(isCurrentRoutingDecision(copy)).toBe(true);
      expect(routingDecisionSchema.parse(copy)).toEqual(copy);
    }
  });

  it.each(mutations)('rejects a decision with %s', (_name, mutate) => {
    const record = JSON.parse(JSON.stringify(createRoutingDecision())) as Record<string, unknown>;
    mutate(record);
    const copy = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
    expect(isCurrentRoutingDecision(copy)).toBe(false);
    const parsed = routingDecisionSchema.safeParse(copy);
    if (parsed.success && copy['schema_version'] === 1) expect(parsed.data).not.toEqual(copy);
  });
});
