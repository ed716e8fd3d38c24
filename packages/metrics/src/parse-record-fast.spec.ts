import { describe, expect, it } from '@jest/globals';
import { ROUTING_RECORD_SCHEMA_VERSION, routingDecisionSchema, routingMetricSchema } from '@biopipe/core';
import { FAST_PATH_SCHEMA_VERSION, isCurrentRoutingDecision, isCurrentRoutingMetric } from './parse-record-fast.js';
import { createRoutingDecision, createRoutingMetric } from './testing/create-routing-records.js';

// The fast path must never accept what zod would reject, nor pass on a record zod would change.
const metricMutations: [string, (record: Record<string, unknown>) => void][] = [
  ['type removed', (record) => delete record['type']],
  ['timestamp a number', (record) => (record['timestamp'] = 1)],
  ['query_length negative', (record) => (record['query_length'] = -1)],
  ['query_length fractional', (record) => (record['query_length'] = 1.5)],
  ['model_used missing', (record) => delete record['model_used']],
  ['fallback_depth a string', (record) => (record['fallback_depth'] = '0')],
  ['cloud missing (zod would default it)', (record) => delete record['cloud']],
  ['attempts not an array', (record) => (record['attempts'] = {})],
  [
    'attempt outcome unknown',
    (record) =>
      (record['attempts'] = [
        { target: 'x', endpoint: null, model: null, outcome: 'maybe', error_class: null, duration_ms: 1 },
      ]),
  ],
  [
    'attempt endpoint missing (zod would default it)',
    (record) =>
      (record['attempts'] = [{ target: 'x', model: null, outcome: 'error', error_class: null, duration_ms: 1 }]),
  ],
  [
    'attempt duration negative',
    (record) =>
      (record['attempts'] = [
        { target: 'x', endpoint: null, model: null, outcome: 'error', error_class: null, duration_ms: -1 },
      ]),
  ],
  ['error_class snake_case (zod makes it kebab-case)', (record) => (record['error_class'] = 'cascade_exhausted')],
  [
    'attempt error_class snake_case',
    (record) =>
      (record['attempts'] = [
        { target: 'x', endpoint: null, model: null, outcome: 'error', error_class: 'http_503', duration_ms: 1 },
      ]),
  ],
  ['ttft_ms a string', (record) => (record['ttft_ms'] = '5')],
  ['latency_ms negative', (record) => (record['latency_ms'] = -3)],
  ['prompt_tokens fractional', (record) => (record['prompt_tokens'] = 2.5)],
  ['success a string', (record) => (record['success'] = 'true')],
  ['error_message a number', (record) => (record['error_message'] = 5)],
  ['stream missing', (record) => delete record['stream']],
  ['complexity_score missing', (record) => delete record['complexity_score']],
  ['complexity_decision missing', (record) => delete record['complexity_decision']],
  ['complexity_decision unknown', (record) => (record['complexity_decision'] = 'medium')],
  ['complexity_version a number', (record) => (record['complexity_version'] = 3)],
  ['router_version missing', (record) => delete record['router_version']],
  ['cost_usd missing (zod would default it)', (record) => delete record['cost_usd']],
  ['cost_usd negative', (record) => (record['cost_usd'] = -0.01)],
  ['cost_estimated a string', (record) => (record['cost_estimated'] = 'yes')],
  ['phi_categories a list', (record) => (record['phi_categories'] = ['mrn'])],
  ['phi_categories count fractional', (record) => (record['phi_categories'] = { mrn: 0.5 })],
  ['budget_exceeded missing', (record) => delete record['budget_exceeded']],
  ['variant arm a number', (record) => (record['variant'] = { experiment: 'biomedical', arm: 1 })],
  ['variant null', (record) => (record['variant'] = null)],
];

describe('isCurrentRoutingMetric', () => {
  it('checks the schema version core writes', () => {
    expect(FAST_PATH_SCHEMA_VERSION).toBe(ROUTING_RECORD_SCHEMA_VERSION);
  });

  it('accepts complete records, which zod passes through unchanged', () => {
    for (const record of [
      createRoutingMetric(),
      createRoutingMetric({
        success: false,
        ttft_ms: null,
        model_used: null,
        provider: null,
        endpoint: null,
        error_class: 'timeout',
        error_message: 'timed out',
        prompt_tokens: null,
        completion_tokens: null,
        complexity_score: 0.4,
        complexity_decision: 'strong',
        complexity_version: 'lr-1',
        attempts: [],
      }),
      createRoutingMetric({ variant: { experiment: 'biomedical', arm: 'biomed' } }),
    ]) {
      const copy = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
      expect(isCurrentRoutingMetric(copy)).toBe(true);
      expect(routingMetricSchema.parse(copy)).toEqual(copy);
    }
  });

  it('leaves newer schema versions to zod', () => {
    expect(isCurrentRoutingMetric({ ...createRoutingMetric(), schema_version: 2 })).toBe(false);
  });

  it.each(metricMutations)('rejects a record with %s, as zod rejects or rewrites it', (_name, mutate) => {
    const record = JSON.parse(JSON.stringify(createRoutingMetric())) as Record<string, unknown>;
    mutate(record);
    expect(isCurrentRoutingMetric(record)).toBe(false);
    const parsed = routingMetricSchema.safeParse(record);
    if (parsed.success) expect(parsed.data).not.toEqual(record);
  });
});
const candidate = {
  target: 'coder',
  kind: 'replica',
  endpoint: null,
  state: 'healthy',
  in_flight: 0,
  chosen: true,
  reason: 'ok',
};
const decisionMutations: [string, (record: Record<string, unknown>) => void][] = [
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

  it.each(decisionMutations)('rejects a decision with %s', (_name, mutate) => {
    const record = JSON.parse(JSON.stringify(createRoutingDecision())) as Record<string, unknown>;
    mutate(record);
    const copy = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
    expect(isCurrentRoutingDecision(copy)).toBe(false);
    const parsed = routingDecisionSchema.safeParse(copy);
    if (parsed.success && copy['schema_version'] === 1) expect(parsed.data).not.toEqual(copy);
  });
});
