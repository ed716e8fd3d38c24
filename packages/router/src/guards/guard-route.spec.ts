import { describe, expect, it } from '@jest/globals';
import { ConfigFileUnreadableError, StrategyConfig, type SpendLedger } from '@biopipe/core';
import { describeSpend } from './budget-guard.js';
import { guardRoute } from './guard-route.js';

const FILE = '/var/lib/biopipe/cloud-spend.json';
const HINT = `Move it aside to start a new ledger (mv ${FILE} ${FILE}.bad).`;

function profile(onExceeded: 'local_only' | 'block'): StrategyConfig {
  return StrategyConfig.fromString(`profile_name: unit
allow_cloud: true
vllm_endpoints:
  generalist: { urls: ["http://gpu-1:8001"], served_model_name: qwen }
task_routing: { "*": generalist, orchestration: cloud }
fallback: [sim-deepseek]
cloud_models:
  sim-deepseek: { provider: openai-compatible, model: deepseek-chat, base_url: "http://cloud-a", api_key_env: SIM_KEY }
budget: { daily_usd: 1, monthly_usd: 20, on_exceeded: ${onExceeded} }
`);
}

/** A ledger whose file cannot be read, as the file ledger reports a FIFO, a directory or bad JSON. */
const unreadableLedger = (error: Error): SpendLedger => ({
  read: () => {
    throw error;
  },
  add: () => undefined,
});

const fifo = new ConfigFileUnreadableError(FILE, 'it is a named pipe (FIFO), not a regular file', undefined, {
  hint: HINT,
});
const cloudFirst = [{ kind: 'cloud' as const, target: 'sim-deepseek' }];
const localFirst = [
  { kind: 'local' as const, target: 'generalist' },
  { kind: 'cloud' as const, target: 'sim-deepseek' },
];
const guard = (config: StrategyConfig, steps: typeof localFirst, error: Error = fifo) =>
  guardRoute({
    config,
    operation: 'chat',
    steps,
    texts: ['Plan an RNA-seq workflow.'],
    spendLedger: unreadableLedger(error),
    now: new Date('2026-12-06T06:00:00Z'),
  });

describe('guardRoute with a spend ledger that cannot be read', () => {
  it('does not throw: the budget counts as exceeded with the spend unknown, never zero', () => {
    const guarded = guard(profile('local_only'), cloudFirst);
    expect(guarded.report.budget).toEqual({
      state: 'exceeded',
      day: '2026-12-06',
      dayUsd: null,
      dailyUsd: 1,
      month: '2026-12',
      monthUsd: null,
      monthlyUsd: 20,
      onExceeded: 'local_only',
      unreadable: `cannot read ${FILE} (it is a named pipe (FIFO), not a regular file)`,
      hint: HINT,
    });
    const budget = guarded.report.budget;
    expect(budget === undefined ? undefined : describeSpend(budget)).toBe(
      `spend unknown: cannot read ${FILE} (it is a named pipe (FIFO), not a regular file)`,
    );
  });

  it('under local_only drops the cloud steps and serves the task on a local role', () => {
    const cloudRouted = guard(profile('local_only'), cloudFirst);
    expect(cloudRouted).toMatchObject({ steps: [{ kind: 'local', target: 'generalist' }], failure: undefined });
    expect(cloudRouted.report.narrowedBy).toBe('budget');
    expect(guard(profile('local_only'), localFirst).steps).toEqual([{ kind: 'local', target: 'generalist' }]);
  });

  it('under block refuses a cloud-first request naming the file and how to reset it, and keeps local ones', () => {
    const refused = guard(profile('block'), cloudFirst);
    expect(refused.steps).toEqual([]);
    expect(refused.failure).toMatchObject({ code: 'no_backend_available', hint: HINT });
    expect(refused.failure?.message).toContain(`cannot read ${FILE}`);
    const local = guard(profile('block'), localFirst);
    expect(local).toMatchObject({ steps: [{ kind: 'local', target: 'generalist' }], failure: undefined });
  });

  it('treats any other failure of read the same way, with its message', () => {
    const guarded = guard(profile('local_only'), cloudFirst, new Error('EIO: i/o error'));
    expect(guarded.report.budget).toMatchObject({
      state: 'exceeded',
      unreadable: 'cannot read the cloud spend ledger (EIO: i/o error)',
    });
    expect(guarded.steps).toEqual([{ kind: 'local', target: 'generalist' }]);
  });
});
