import { describe, expect, it } from '@jest/globals';
import { parseRecordLine } from './parse-record-line.js';
import { createRoutingDecision, createRoutingMetric } from './testing/create-routing-records.js';

describe('parseRecordLine', () => {
  it('returns current metrics and decisions as they were written', () => {
    const metric = createRoutingMetric();
    expect(parseRecordLine(JSON.stringify(metric))).toEqual({ kind: 'metric', record: metric, upgraded: false });
    const decision = createRoutingDecision();
    expect(parseRecordLine(JSON.stringify(decision))).toEqual({ kind: 'decision', record: decision });
  });

  it('fills fields a version 1 record may leave to their defaults', () => {
    const {
      cloud: _cloud,
      stream: _stream,
      complexity_score: _score,
      router_version: _version,
      type: _type,
      ...partial
    } = createRoutingMetric();
    const parsed = parseRecordLine(JSON.stringify(partial));
    expect(parsed).toEqual({
      kind: 'metric',
      record: createRoutingMetric({ cloud: false, stream: false, complexity_score: null, router_version: '1' }),
      upgraded: false,
    });
  });

  it('upgrades a version 0 (seed-shaped) record', () => {
    const legacy = {
      timestamp: '2025-06-01T12:00:00Z',
      task_type: 'math_statistics',
      query_length: 42,
      model_used: 'deepseek-chat',
      fallback_depth: 1,
      latency_ms: 2100.5,
      success: false,
      error: 'HTTP 429 with key sk-abcdefghijklmnop',
    };
    const parsed = parseRecordLine(JSON.stringify(legacy));
    expect(parsed.kind).toBe('metric');
    if (parsed.kind !== 'metric') return;
    expect(parsed.upgraded).toBe(true);
    expect(parsed.record).toMatchObject({
      type: 'routing_metric',
      schema_version: 1,
      timestamp: '2025-06-01T12:00:00.000Z',
      task_type: 'math_statistics',
      query_length: 42,
      model_used: 'deepseek-chat',
      fallback_depth: 1,
      cloud: true,
      latency_ms: 2100.5,
      ttft_ms: null,
      success: false,
      error_class: 'unclassified',
      router_version: '0',
      attempts: [],
    });
    expect(parsed.record.error_message).not.toContain('sk-abcdefghijklmnop');
  });

  it('reads a version 0 record with epoch seconds and a local model as not cloud', () => {
    const parsed = parseRecordLine(
      JSON.stringify({
        timestamp: 1748779200.5,
        task_type: 'intent_parsing',
        query_length: 3,
        model_used: 'qwen2.5-7b-instruct',
        fallback_depth: 0,
        latency_ms: 10,
        success: true,
        error: null,
      }),
    );
    expect(parsed).toMatchObject({
      kind: 'metric',
      upgraded: true,
      record: { timestamp: '2025-06-01T12:00:00.500Z', cloud: false, error_class: null, error_message: null },
    });
  });

  it.each([
    ['{"type":"routing_metric","schema_version":1,"timest', 'not valid JSON'],
    ['[1,2]', 'not a JSON object'],
    ['42', 'not a JSON object'],
    ['{"type":"something_else"}', 'unknown record type "something_else"'],
    [JSON.stringify({ ...createRoutingMetric(), latency_ms: 'slow' }), 'routing_metric latency_ms'],
    [JSON.stringify({ ...createRoutingDecision(), candidates: 'none' }), 'routing_decision candidates'],
    [JSON.stringify({ timestamp: '2025-06-01', success: true }), 'routing_metric task_type'],
  ])('reports %j as invalid (%s)', (line, reason) => {
    const parsed = parseRecordLine(line);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.reason).toContain(reason);
  });
});
