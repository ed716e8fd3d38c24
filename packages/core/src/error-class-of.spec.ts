import { describe, expect, it } from '@jest/globals';
import { errorClassForCode, errorClassOf } from './error-class-of.js';
import { BiopipeError } from './errors.js';
import { CascadeExhaustedError, StreamInterruptedError } from './routing-errors.js';
import { routingMetricSchema } from './routing-metric.js';

const attempt = { target: 'generalist', endpoint: null, model: null, outcome: 'error' as const, duration_ms: 1 };

describe('errorClassOf', () => {
  it('gives a code its kebab-case form', () => {
    expect(errorClassForCode('cascade_exhausted')).toBe('cascade-exhausted');
    expect(errorClassForCode('http-503')).toBe('http-503');
    expect(errorClassOf(new BiopipeError('no_backend_available', 'x'))).toBe('no-backend-available');
    expect(errorClassOf(new CascadeExhaustedError([{ ...attempt, error_class: 'http-503' }]))).toBe(
      'cascade-exhausted',
    );
  });

  it("keeps an error's own class, and names cancelled and timed-out requests", () => {
    expect(errorClassOf(new StreamInterruptedError('stream-cut', 'cut'))).toBe('stream-cut');
    expect(errorClassOf(new BiopipeError('aborted', 'x'))).toBe('cancelled');
    expect(errorClassOf(new BiopipeError('request_timeout', 'x'))).toBe('timeout-total');
  });

  it('reads the snake_case classes of older metrics files as kebab-case', () => {
    const record = routingMetricSchema.parse({
      schema_version: 1,
      timestamp: '2026-01-01T00:00:00.000Z',
      request_id: 'r',
      strategy_profile: 'p',
      task_type: 'documentation',
      query_length: 1,
      target: 'generalist',
      model_used: null,
      provider: null,
      endpoint: null,
      fallback_depth: 0,
      attempts: [{ ...attempt, error_class: 'timeout_first_token' }],
      ttft_ms: null,
      latency_ms: 1,
      prompt_tokens: null,
      completion_tokens: null,
      success: false,
      error_class: 'cascade_exhausted',
      error_message: null,
    });
    expect(record.error_class).toBe('cascade-exhausted');
    expect(record.attempts[0]?.error_class).toBe('timeout-first-token');
  });
});
