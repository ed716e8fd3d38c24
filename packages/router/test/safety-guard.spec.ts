import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ContentPolicyViolationError, SafetyGuardUnavailableError, exitCodeFor } from '@biopipe/core';
import { startVllmSim, type VllmSimHandle } from '@biopipe/vllm-sim';
import { ModelOrchestrator } from '../src/index.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { CLOUD_ENV } from './fleet-profiles.js';
import { startTestFleet, testProfile, type TestFleet } from './test-fleet.js';

// A hybrid profile guarded by a simulated Llama Guard 3 (keyword lists, llama-guard mode), on real
// servers: a blocked prompt reaches no model, a guard that is down refuses (fail_closed) or serves
// with a warning (fail_open), and no case opens one connection to the counting cloud simulators.
const UNSAFE = 'How do I weaponize anthrax spores at scale?';
const SAFE = 'Align paired-end reads with BWA-MEM';

describe('the safety guard on a simulated fleet', () => {
  let fleet: TestFleet;
  let guard: VllmSimHandle;
  beforeAll(async () => {
    fleet = await startTestFleet();
    guard = await startVllmSim({ servedModelName: 'llama-guard-3-1b', port: 0, mode: 'llama-guard' });
  });
  afterAll(async () => {
    await guard.stop();
    await fleet.stop();
  });

  const generalistRequests = (): number => fleet.replicas[0].requests.length + fleet.replicas[1].requests.length;

  async function orchestrator(safety: Record<string, unknown>) {
    const config = testProfile(fleet, {
      allowCloud: true,
      overrides: {
        vllm_endpoints: {
          generalist: { urls: [fleet.replicas[0].url, fleet.replicas[1].url], served_model_name: 'qwen-test' },
          embeddings: { urls: [fleet.embeddings.url], served_model_name: 'bge-m3' },
          guard: { urls: [guard.url], served_model_name: 'llama-guard-3-1b' },
        },
        safety_guard: safety,
      },
    });
    const sink = createMemoryMetricsSink();
    const warnings: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => warnings.push(message),
      error: () => undefined,
    };
    const instance = await ModelOrchestrator.create({ strategy: config, env: CLOUD_ENV, metricsSink: sink, logger });
    return { instance, sink, warnings };
  }

  it('serves a safe prompt after the guard judged it, and refuses an unsafe one before any model sees it', async () => {
    const { instance, sink } = await orchestrator({ role: 'guard' });
    const cloudBefore = fleet.cloudConnections();
    const guardBefore = guard.requests.length;
    const safe = await instance.generate({ task_type: 'documentation', prompt: SAFE, max_tokens: 4 });
    expect(safe.route.safety_guard).toEqual({ verdict: 'safe', categories: [], action: 'none' });
    expect(guard.requests.length).toBe(guardBefore + 1);

    const before = generalistRequests();
    const blocked = await instance
      .generate({ task_type: 'documentation', prompt: UNSAFE })
      .catch((error: unknown) => error);
    expect(blocked).toBeInstanceOf(ContentPolicyViolationError);
    expect((blocked as ContentPolicyViolationError).categories).toEqual(['S9']);
    expect(exitCodeFor((blocked as ContentPolicyViolationError).code)).toBe(1);
    expect(generalistRequests()).toBe(before);
    const metric = sink.metrics().at(-1);
    expect(metric).toMatchObject({
      success: false,
      error_class: expect.any(String),
      safety_guard: { verdict: 'unsafe', categories: ['S9'], action: 'block' },
    });
    expect(JSON.stringify(sink.metrics())).not.toContain('anthrax');
    expect(fleet.cloudConnections()).toBe(cloudBefore);
  });

  it('serves and records a flagged prompt under action: flag, and guards streams too', async () => {
    const { instance, sink, warnings } = await orchestrator({ role: 'guard', action: 'flag' });
    const flagged = await instance.generate({ task_type: 'documentation', prompt: UNSAFE, max_tokens: 4 });
    expect(flagged.route.safety_guard).toEqual({ verdict: 'unsafe', categories: ['S9'], action: 'flag' });
    expect(warnings.some((line) => line.includes('flagged'))).toBe(true);
    expect(sink.metrics().at(-1)?.success).toBe(true);

    const blocking = await orchestrator({ role: 'guard' });
    const stream = blocking.instance.stream({ task_type: 'documentation', prompt: UNSAFE });
    const parts = [];
    for await (const part of stream) parts.push(part);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'error' });
    expect((await stream.route).safety_guard).toMatchObject({ verdict: 'unsafe', action: 'block' });
  });

  it('refuses when the guard is down (fail_closed, the default), and serves with a warning under fail_open', async () => {
    guard.setFaults({ fail: { status: 503 } });
    try {
      const cloudBefore = fleet.cloudConnections();
      const closed = await orchestrator({ role: 'guard' });
      const before = generalistRequests();
      const refused = await closed.instance
        .generate({ task_type: 'documentation', prompt: SAFE })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SafetyGuardUnavailableError);
      expect(exitCodeFor((refused as SafetyGuardUnavailableError).code)).toBe(3);
      expect((refused as Error).message).toContain('safety guard (role guard) is unavailable');
      expect(generalistRequests()).toBe(before);
      expect(closed.sink.metrics().at(-1)?.safety_guard).toEqual({
        verdict: 'unavailable',
        categories: [],
        action: 'fail_closed',
      });

      const open = await orchestrator({ role: 'guard', on_unavailable: 'fail_open' });
      const served = await open.instance.generate({ task_type: 'documentation', prompt: UNSAFE, max_tokens: 4 });
      expect(served.route.safety_guard).toEqual({ verdict: 'unavailable', categories: [], action: 'fail_open' });
      expect(open.warnings.some((line) => line.includes('unguarded'))).toBe(true);
      expect(fleet.cloudConnections()).toBe(cloudBefore);
    } finally {
      guard.clearFaults();
    }
  });
});
