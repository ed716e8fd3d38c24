import { describe, expect, it } from '@jest/globals';
import type { AttemptRecord } from '@biopipe/core';
import type { RouteReport } from '@biopipe/router';
import { formatRouteSummary } from './route-summary.js';

const GENERALIST = 'http://10.0.0.5:8001';
const attempt = (target: string, outcome: AttemptRecord['outcome'], errorClass: string | null): AttemptRecord => ({
  target,
  endpoint: target === 'generalist' ? GENERALIST : null,
  model: null,
  outcome,
  error_class: errorClass,
  duration_ms: 1,
});

function routeOf(attempts: AttemptRecord[], served: { cloud: boolean; depth: number } | null): RouteReport {
  return {
    request_id: 'r1',
    strategy: 'development',
    task_type: 'documentation',
    target: 'generalist',
    model: served === null ? null : served.cloud ? 'deepseek-chat' : 'qwen2.5-7b-instruct',
    provider: served?.cloud === true ? 'openai-compatible' : null,
    endpoint: served === null ? null : served.cloud ? 'https://api.deepseek.com' : GENERALIST,
    fallback_depth: served?.depth ?? 1,
    cloud: served?.cloud ?? true,
    attempts,
    latency_ms: 812.4,
    ttft_ms: null,
    cost_usd: 0,
    cost_estimated: false,
    complexity: null,
  };
}

describe('formatRouteSummary', () => {
  it('says what happened before a fallback served: the failed role, then the cloud model, then the depth', () => {
    const line = formatRouteSummary(
      routeOf([attempt('generalist', 'error', 'refused'), attempt('deepseek', 'success', null)], {
        cloud: true,
        depth: 1,
      }),
    );
    expect(line).toBe(
      'route: development -> generalist (documentation); generalist refused → deepseek-chat at https://api.deepseek.com [cloud], fallback depth 1; 2 attempts; 812 ms; $0.000000',
    );
  });

  it('lists retries of one endpoint once, with their count', () => {
    const line = formatRouteSummary(
      routeOf(
        [
          attempt('generalist', 'error', 'http-503'),
          attempt('generalist', 'error', 'http-503'),
          attempt('generalist', 'error', 'http-503'),
          attempt('deepseek', 'error', 'http-500'),
        ],
        null,
      ),
    );
    expect(line).toContain('; generalist http-503 ×3 → deepseek http-500 → not served [cloud], fallback depth 1;');
    expect(line.match(/generalist/g)).toHaveLength(2);
  });

  it('keeps the plain line when the first attempt served', () => {
    expect(formatRouteSummary(routeOf([attempt('generalist', 'success', null)], { cloud: false, depth: 0 }))).toBe(
      `route: development -> generalist (documentation); qwen2.5-7b-instruct at ${GENERALIST}; fallback depth 0; 1 attempt; 812 ms`,
    );
  });
});
