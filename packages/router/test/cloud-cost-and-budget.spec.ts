import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigFileUnreadableError, type SpendLedger, type SpendTotals } from '@biopipe/core';
import { startFleet, type Fleet } from '@biopipe/vllm-sim';
import { ModelOrchestrator } from '../src/index.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { CLOUD_ENV, profileOnFleet } from './fleet-profiles.js';

/** A ledger in memory: the file one is tested in the metrics package and across processes in the CLI. */
function memoryLedger(start: Partial<SpendTotals> = {}): SpendLedger & { added: number[] } {
  const added: number[] = [];
  return {
    added,
    read: (now) => ({
      day: now.toISOString().slice(0, 10),
      dayUsd: (start.dayUsd ?? 0) + added.reduce((sum, value) => sum + value, 0),
      month: now.toISOString().slice(0, 7),
      monthUsd: (start.monthUsd ?? 0) + added.reduce((sum, value) => sum + value, 0),
    }),
    add: (costUsd) => void added.push(costUsd),
  };
}

const PRICES = { 'deepseek-v3': { input_usd_per_mtok: 1, output_usd_per_mtok: 2, as_of: '2026-12-01' } };
const PROMPT = 'Plan an RNA-seq workflow for 12 samples.';

describe('cloud cost on every metric, and budgets', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ ports: 'free' });
  });
  afterEach(() => {
    fleet.cloud?.openai.clearRecords();
  });
  afterAll(async () => {
    await fleet.stop();
  });

  const create = async (overrides: Record<string, unknown>, ledger?: SpendLedger) => {
    const sink = createMemoryMetricsSink();
    const orchestrator = await ModelOrchestrator.create({
      // Without complexity routing, so every orchestration request goes to the cloud as task_routing says.
      strategy: profileOnFleet('t4_hybrid', fleet, { complexity_routing: undefined, ...overrides }),
      env: CLOUD_ENV,
      fleet: null,
      metricsSink: sink,
      spendLedgerFor: () => ledger,
    });
    return { orchestrator, sink };
  };

  it('prices a cloud answer from its usage at the price the user set, and a local one at 0', async () => {
    const ledger = memoryLedger();
    const { orchestrator, sink } = await create({ cloud_prices: PRICES, budget: { daily_usd: 10 } }, ledger);
    const cloud = await orchestrator.generate({ task_type: 'orchestration', prompt: PROMPT, max_tokens: 16 });
    const local = await orchestrator.generate({ task_type: 'documentation', prompt: PROMPT, max_tokens: 16 });
    const [cloudMetric, localMetric] = sink.metrics();
    const promptTokens = cloudMetric?.prompt_tokens ?? 0;
    const completionTokens = cloudMetric?.completion_tokens ?? 0;
    expect(promptTokens).toBeGreaterThan(0);
    const expected = (promptTokens * 1 + completionTokens * 2) / 1e6;
    expect(cloudMetric).toMatchObject({ cloud: true, cost_estimated: false });
    expect(cloudMetric?.cost_usd).toBeCloseTo(expected, 12);
    expect(cloud.route.cost_usd).toBeCloseTo(expected, 12);
    expect(ledger.added).toEqual([cloudMetric?.cost_usd]);
    expect(localMetric).toMatchObject({ cloud: false, cost_usd: 0, cost_estimated: false });
    expect(local.route.cost_usd).toBe(0);
  });

  it('uses the built-in dated price when the profile sets none', async () => {
    const { orchestrator, sink } = await create({});
    await orchestrator.generate({ task_type: 'orchestration', prompt: PROMPT, max_tokens: 16 });
    const metric = sink.metrics()[0];
    const expected = ((metric?.prompt_tokens ?? 0) * 0.28 + (metric?.completion_tokens ?? 0) * 0.42) / 1e6;
    expect(metric?.cost_usd).toBeCloseTo(expected, 12);
  });

  it('prices a streamed cloud answer too', async () => {
    const { orchestrator, sink } = await create({ cloud_prices: PRICES });
    for await (const part of orchestrator.stream({ task_type: 'orchestration', prompt: PROMPT, max_tokens: 16 }))
      if (part.type === 'error') throw part.error;
    expect(sink.metrics()[0]?.cost_usd).toBeGreaterThan(0);
  });

  it('keeps requests local once the daily budget is spent (local_only), and says so', async () => {
    const ledger = memoryLedger({ dayUsd: 0.5, monthUsd: 0.5 });
    const { orchestrator, sink } = await create({ budget: { daily_usd: 0.5 } }, ledger);
    const before = fleet.cloud?.openai.connectionCount() ?? 0;
    const answer = await orchestrator.generate({ task_type: 'orchestration', prompt: PROMPT, max_tokens: 8 });
    expect(answer.route).toMatchObject({ cloud: false, target: 'generalist', budget: { state: 'exceeded' } });
    expect(fleet.cloud?.openai.connectionCount() ?? 0).toBe(before);
    expect(sink.metrics()[0]).toMatchObject({ budget_exceeded: true, cost_usd: 0 });
    const explanation = orchestrator.explain('orchestration', PROMPT.length, {
      messages: [{ role: 'user', content: PROMPT }],
    });
    expect(explanation).toMatchObject({ target: 'generalist', narrowed_by: 'budget', budget: { state: 'exceeded' } });
  });

  it('refuses cloud-routed requests once the budget is spent under on_exceeded: block, and serves local ones', async () => {
    const ledger = memoryLedger({ monthUsd: 3 });
    const { orchestrator } = await create({ budget: { monthly_usd: 2, on_exceeded: 'block' } }, ledger);
    await expect(
      orchestrator.generate({ task_type: 'orchestration', prompt: PROMPT, max_tokens: 8 }),
    ).rejects.toMatchObject({
      code: 'no_backend_available',
      message: expect.stringMatching(/^cloud budget exceeded \(\$0\.0000 today, \$3\.00 of \$2\.00 this month\)/),
    });
    const local = await orchestrator.generate({ task_type: 'documentation', prompt: PROMPT, max_tokens: 8 });
    expect(local.route).toMatchObject({ cloud: false, budget: { state: 'exceeded' } });
  });

  it('serves a cloud-routed request locally when the ledger cannot be read (local_only), with budget_exceeded', async () => {
    const ledger: SpendLedger = {
      read: () => {
        throw new ConfigFileUnreadableError('/state/cloud-spend.json', 'it is a directory, not a regular file');
      },
      add: () => undefined,
    };
    const { orchestrator, sink } = await create({ budget: { daily_usd: 10 } }, ledger);
    const before = fleet.cloud?.openai.connectionCount() ?? 0;
    const answer = await orchestrator.generate({ task_type: 'orchestration', prompt: PROMPT, max_tokens: 8 });
    expect(answer.route).toMatchObject({
      cloud: false,
      target: 'generalist',
      budget: { state: 'exceeded', dayUsd: null, unreadable: expect.stringContaining('/state/cloud-spend.json') },
    });
    expect(fleet.cloud?.openai.connectionCount() ?? 0).toBe(before);
    expect(sink.metrics()[0]).toMatchObject({ budget_exceeded: true, success: true, cost_usd: 0 });
  });

  it('warns from warn_at of a limit without narrowing', async () => {
    const ledger = memoryLedger({ dayUsd: 0.85 });
    const { orchestrator } = await create({ budget: { daily_usd: 1, warn_at: 0.8 } }, ledger);
    const answer = await orchestrator.generate({ task_type: 'orchestration', prompt: PROMPT, max_tokens: 8 });
    expect(answer.route).toMatchObject({ cloud: true, budget: { state: 'warn' } });
  });
});
