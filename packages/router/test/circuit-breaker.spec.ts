import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModelOrchestrator } from '../src/index.js';
import { createFakeClock } from '../src/testing/fake-clock.js';
import { startTestFleet, testProfile, type TestFleet } from './test-fleet.js';

const prompt = 'Summarise the QC report';

describe('circuit breaking on a simulated fleet: open, half-open, close', () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startTestFleet();
  });
  afterAll(async () => {
    await fleet.stop();
  });

  it('opens after consecutive failures, skips the replica without calling it, probes once after the cool-down, then closes', async () => {
    const config = testProfile(fleet, {
      allowCloud: false,
      overrides: { circuit_breaker: { failure_threshold: 2, cooldown_ms: 400 } },
    });
    // The cool-down runs on a fake clock: a loaded machine cannot half-open the circuit early.
    const clock = createFakeClock();
    const orchestrator = await ModelOrchestrator.create({ strategy: config, env: {}, fleet: null, clock });
    const [broken, healthy] = fleet.replicas;
    broken.setFaults({ fail: { status: 500 } });
    const calls = (): number => broken.stats().requests['/v1/chat/completions'] ?? 0;

    // Fewest in flight and least recently picked spread sequential requests over both replicas,
    // so the broken one is tried (and fails over) until its circuit opens.
    for (let index = 0; index < 4; index++)
      expect((await orchestrator.generate({ task_type: 'documentation', prompt, max_tokens: 4 })).route.endpoint).toBe(
        healthy.url,
      );
    expect(calls()).toBe(2);
    expect(
      orchestrator.explain('documentation').candidates.find((candidate) => candidate.endpoint === broken.url),
    ).toMatchObject({ state: 'circuit-open' });

    for (let index = 0; index < 5; index++) {
      const result = await orchestrator.generate({ task_type: 'documentation', prompt, max_tokens: 4 });
      expect(result.route.attempts.map((attempt) => [attempt.endpoint, attempt.outcome])).toEqual([
        [broken.url, 'skipped'],
        [healthy.url, 'success'],
      ]);
    }
    expect(calls()).toBe(2);

    // After the cool-down one probe goes; it fails, so the circuit opens for another cool-down.
    clock.advance(450);
    expect(
      orchestrator.explain('documentation').candidates.find((candidate) => candidate.endpoint === broken.url),
    ).toMatchObject({ state: 'half-open' });
    await orchestrator.generate({ task_type: 'documentation', prompt, max_tokens: 4 });
    await orchestrator.generate({ task_type: 'documentation', prompt, max_tokens: 4 });
    expect(calls()).toBe(3);

    // Fixed, and past the next cool-down: the probe succeeds and closes the circuit.
    broken.clearFaults();
    clock.advance(450);
    const endpoints = new Set<string | null>();
    for (let index = 0; index < 4; index++)
      endpoints.add(
        (await orchestrator.generate({ task_type: 'documentation', prompt, max_tokens: 4 })).route.endpoint,
      );
    expect(endpoints).toEqual(new Set([broken.url, healthy.url]));
    expect(
      orchestrator.explain('documentation').candidates.every((candidate) => candidate.state !== 'circuit-open'),
    ).toBe(true);
  });

  it('fails at once with LocalModelUnavailableError when every replica of the role is open', async () => {
    const config = testProfile(fleet, {
      allowCloud: true,
      overrides: {
        circuit_breaker: { failure_threshold: 1, cooldown_ms: 60_000 },
        fallback: [],
        embeddings_fallback: [],
      },
    });
    const orchestrator = await ModelOrchestrator.create({ strategy: config, env: {}, fleet: null });
    for (const replica of fleet.replicas) replica.setFaults({ hang: {} });
    try {
      await expect(orchestrator.generate({ task_type: 'documentation', prompt, max_tokens: 4 })).rejects.toMatchObject({
        code: 'local_model_unavailable',
      });
      // "At once": no replica is called (they hang, so a call would wait out the first-token deadline).
      const callsBefore = fleet.replicas.map((replica) => replica.stats().requests['/v1/chat/completions'] ?? 0);
      const failure = await orchestrator
        .generate({ task_type: 'documentation', prompt, max_tokens: 4 })
        .catch((error: unknown) => error);
      expect(fleet.replicas.map((replica) => replica.stats().requests['/v1/chat/completions'] ?? 0)).toEqual(
        callsBefore,
      );
      expect(failure).toMatchObject({ code: 'local_model_unavailable', role: 'generalist' });
      expect(
        (failure as { attempts: { error_class: string | null }[] }).attempts.map((attempt) => attempt.error_class),
      ).toEqual(['circuit-open', 'circuit-open']);
    } finally {
      for (const replica of fleet.replicas) replica.clearFaults();
    }
  });
});
