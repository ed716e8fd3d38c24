import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { ModelOrchestrator } from '../src/index.js';
import { loadSemanticBanks } from '../src/complexity/semantic-banks.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { CLOUD_ENV } from './fleet-profiles.js';
import { startTestFleet, testProfile, type TestFleet } from './test-fleet.js';

// The semantic signal on a real simulated fleet: the simulator's embeddings are feature-hashed bags
// of words, so a prompt sharing words with a hard example is near it. The embeddings role is the
// only thing it calls; the simulated cloud APIs (which count every connection) must see nothing,
// even in a hybrid profile whose embeddings fall back to a cloud model.
const TIMEOUT_MS = 200;
const banks = loadSemanticBanks();
const NEAR_HARD = banks.hard[3] ?? '';
const NEAR_EASY = banks.easy[3] ?? '';

let fleet: TestFleet;
beforeAll(async () => {
  fleet = await startTestFleet();
});
afterAll(async () => {
  await fleet.stop();
});
beforeEach(() => {
  fleet.embeddings.clearFaults();
});

function profile(options: { allowCloud: boolean; semantic: boolean; timeoutMs?: number }) {
  const [generalist, coder] = fleet.replicas;
  return testProfile(fleet, {
    allowCloud: options.allowCloud,
    overrides: {
      vllm_endpoints: {
        generalist: { urls: [generalist.url], served_model_name: 'qwen-test' },
        coder: { urls: [coder.url], served_model_name: 'qwen-test' },
        embeddings: { urls: [fleet.embeddings.url], served_model_name: 'bge-m3' },
      },
      complexity_routing: {
        ...(options.semantic ? { semantic: { weight: 4, timeout_ms: options.timeoutMs ?? TIMEOUT_MS } } : {}),
        tasks: { orchestration: { weak: 'generalist', strong: 'coder', threshold: 0.5 } },
      },
    },
  }).withDebugRouting(true);
}

async function scoreOf(orchestrator: ModelOrchestrator, prompt: string): Promise<number> {
  const answer = await orchestrator.generate({ task_type: 'orchestration', prompt, max_tokens: 2 });
  expect(answer.route.cloud).toBe(false);
  return answer.route.complexity?.score ?? Number.NaN;
}

describe('the semantic signal of complexity routing, on a simulated fleet', () => {
  it('raises the score of a prompt near the hard bank and lowers one near the easy bank, and records it', async () => {
    const sink = createMemoryMetricsSink();
    const on = await ModelOrchestrator.create({
      // A generous timeout: this test is about the score, and the cold first read embeds the banks too.
      strategy: profile({ allowCloud: true, semantic: true, timeoutMs: 5000 }),
      env: CLOUD_ENV,
      metricsSink: sink,
    });
    const off = await ModelOrchestrator.create({
      strategy: profile({ allowCloud: true, semantic: false }),
      env: CLOUD_ENV,
    });
    const cloudBefore = fleet.cloudConnections();
    const embeddingCalls = (): number => fleet.embeddings.stats().requests['/v1/embeddings'] ?? 0;
    const embeddingsBefore = embeddingCalls();
    expect(await scoreOf(on, NEAR_HARD)).toBeGreaterThan(await scoreOf(off, NEAR_HARD));
    expect(await scoreOf(on, NEAR_EASY)).toBeLessThan(await scoreOf(off, NEAR_EASY));
    await scoreOf(on, NEAR_HARD);
    // Banks once (60 easy + 60 hard, in batches of 64), then one call per distinct prompt: the repeat was cached.
    expect(embeddingCalls() - embeddingsBefore).toBe(2 + 2);
    const decision = sink.decisions()[0];
    expect(decision?.complexity?.semantic).toEqual({ status: 'used' });
    expect(decision?.complexity?.features['semantic_hard']).toBeGreaterThan(0.9);
    expect(JSON.stringify(sink.decisions())).not.toContain(NEAR_HARD.slice(0, 30));

    // The dry run behind `route --json` reads it the same way.
    const messages = [{ role: 'user' as const, content: NEAR_HARD }];
    const semantic = await on.readSemantic('orchestration', messages);
    expect(semantic?.status).toBe('used');
    const explanation = on.explain('orchestration', NEAR_HARD.length, { messages, semantic });
    expect(explanation.complexity?.semantic).toEqual({ status: 'used' });
    expect(explanation.complexity?.features['semantic_logit']).toBeGreaterThan(0);
    expect(await on.readSemantic('math_statistics', messages)).toBeUndefined();
    expect(fleet.cloudConnections()).toBe(cloudBefore);
  });

  it.each([
    ['hybrid', true],
    ['PHI-safe', false],
  ])(
    'falls back to the lexical score within the timeout when the embeddings role hangs or is down (%s profile, no cloud byte)',
    async (_name, allowCloud) => {
      const sink = createMemoryMetricsSink();
      const on = await ModelOrchestrator.create({
        strategy: profile({ allowCloud, semantic: true }),
        env: CLOUD_ENV,
        metricsSink: sink,
      });
      const off = await ModelOrchestrator.create({
        strategy: profile({ allowCloud, semantic: false }),
        env: CLOUD_ENV,
      });
      const lexical = await scoreOf(off, NEAR_HARD);
      const cloudBefore = fleet.cloudConnections();
      fleet.embeddings.setFaults({ hang: {} });
      const started = performance.now();
      expect(await scoreOf(on, NEAR_HARD)).toBe(lexical);
      // The hang would last until the request's 10 s total deadline; the signal gives up after 200 ms.
      expect(performance.now() - started).toBeLessThan(3000);
      fleet.embeddings.setFaults({ hang: null, refuseConnections: true });
      expect(await scoreOf(on, NEAR_HARD)).toBe(lexical);
      expect(sink.decisions().map((decision) => decision.complexity?.semantic?.status)).toEqual([
        'unavailable',
        'unavailable',
      ]);
      expect(sink.decisions()[0]?.complexity?.semantic?.reason).toBe('timeout');
      expect(sink.metrics().every((metric) => metric.success)).toBe(true);
      // A direct embeddings request may use the profile's cloud fallback; the signal never does.
      expect(fleet.cloudConnections()).toBe(cloudBefore);
    },
  );
});
