import { describe, expect, it } from '@jest/globals';
import type { AttemptRecord } from '@biopipe/core';
import type { RouteReport } from '@biopipe/router';
import { describeRoute } from '../chat/chat-session.js';
import { describeBudget, describeGuards, formatRouteSummary } from './route-summary.js';

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

describe('the budget on the route line and in the chat', () => {
  const unreadable = {
    state: 'exceeded' as const,
    day: '2026-12-06',
    dayUsd: null,
    dailyUsd: 1,
    month: '2026-12',
    monthUsd: null,
    monthlyUsd: null,
    onExceeded: 'local_only' as const,
    unreadable: 'cannot read /state/cloud-spend.json (it is a directory, not a regular file)',
    hint: 'Move it aside to start a new ledger (mv /state/cloud-spend.json /state/cloud-spend.json.bad).',
  };

  it('says the spend is unknown and why, never a spend of zero, when the ledger cannot be read', () => {
    const route = {
      ...routeOf([attempt('generalist', 'success', null)], { cloud: false, depth: 0 }),
      budget: unreadable,
    };
    expect(formatRouteSummary(route)).toMatch(
      /; budget exceeded: spend unknown: cannot read \/state\/cloud-spend\.json \(it is a directory, not a regular file\)$/,
    );
    expect(describeRoute(route)).toContain(' · budget exceeded: spend unknown: cannot read /state/cloud-spend.json (');
    expect(describeGuards(route)).toEqual([
      'budget     EXCEEDED: spend unknown: cannot read /state/cloud-spend.json (it is a directory, not a regular file) (on_exceeded: local_only)',
      `hint       ${unreadable.hint}`,
    ]);
    expect(formatRouteSummary(route)).not.toContain('$0.0000');
  });

  it('keeps the figures for a readable ledger', () => {
    const { day, dailyUsd, month, monthlyUsd, onExceeded } = unreadable;
    const readable = {
      state: 'exceeded' as const,
      day,
      dayUsd: 1.5,
      dailyUsd,
      month,
      monthUsd: 1.5,
      monthlyUsd,
      onExceeded,
    };
    expect(describeBudget(readable)).toBe('exceeded: $1.50 of $1.00 today, $1.50 this month');
  });
});
