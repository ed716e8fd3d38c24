import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { StreamPart } from '@biopipe/core';
import type { SimFaults } from '@biopipe/vllm-sim';
import { ModelOrchestrator } from '../src/index.js';
import { createFakeClock, type FakeClock } from '../src/testing/fake-clock.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { CLOUD_ENV } from './fleet-profiles.js';
import { startTestFleet, testProfile, waitFor, type TestFleet } from './test-fleet.js';

const prompt = 'Write a Snakemake rule for FastQC';

describe('faults on a simulated fleet: the expected fallback or error', () => {
  let fleet: TestFleet;
  beforeAll(async () => {
    fleet = await startTestFleet();
  });
  afterEach(() => {
    for (const server of [...fleet.replicas, fleet.embeddings, fleet.openai, fleet.anthropic]) server.clearFaults();
  });
  afterAll(async () => {
    await fleet.stop();
  });

  const orchestrator = (allowCloud = true, clock?: FakeClock): Promise<ModelOrchestrator> =>
    ModelOrchestrator.create({
      strategy: testProfile(fleet, { allowCloud }),
      env: CLOUD_ENV,
      fleet: null,
      metricsSink: createMemoryMetricsSink(),
      clock,
    });

  const failovers: [string, SimFaults, string][] = [
    ['hang', { hang: {} }, 'timeout-first-token'],
    ['slow past the first-token deadline', { slow: { addedFirstTokenMs: 1500 } }, 'timeout-first-token'],
    ['500', { fail: { status: 500 } }, 'http-500'],
    ['503', { fail: { status: 503 } }, 'http-503'],
    ['429 with Retry-After', { rateLimit: { retryAfterSeconds: 2 } }, 'http-429'],
    ['wrong model', { wrongModel: 'llama-3-8b' }, 'wrong-model'],
  ];
  for (const [name, faults, errorClass] of failovers) {
    it(`fails over from a replica with fault "${name}" to the next replica (${errorClass})`, async () => {
      fleet.replicas[0].setFaults(faults);
      const clock = createFakeClock();
      const result = await (
        await orchestrator(true, clock)
      ).generate({ task_type: 'documentation', prompt, max_tokens: 8 });
      expect(result.route).toMatchObject({ endpoint: fleet.replicas[1].url, fallback_depth: 0, cloud: false });
      expect(result.route.attempts.map((attempt) => [attempt.endpoint, attempt.error_class])).toEqual([
        [fleet.replicas[0].url, errorClass],
        [fleet.replicas[1].url, null],
      ]);
      // The hang ended at the first-token deadline (its error class says so); nothing, a 429 included,
      // waited before the next replica.
      expect(clock.sleeps).toEqual([]);
    });
  }

  it('fails over from a replica that refuses connections', async () => {
    const refusing = await startTestFleet({ faults: { refuseConnections: true } });
    try {
      refusing.replicas[1].setFaults({ refuseConnections: false });
      const result = await (
        await ModelOrchestrator.create({ strategy: testProfile(refusing, { allowCloud: false }), env: {}, fleet: null })
      ).generate({ task_type: 'documentation', prompt, max_tokens: 8 });
      expect(result.route.attempts.map((attempt) => [attempt.endpoint, attempt.error_class])).toEqual([
        [refusing.replicas[0].url, 'refused'],
        [refusing.replicas[1].url, null],
      ]);
    } finally {
      await refusing.stop();
    }
  });

  it('serves from a slow replica that stays within the deadline', async () => {
    fleet.replicas[0].setFaults({ slow: { addedFirstTokenMs: 100 } });
    const result = await (await orchestrator()).generate({ task_type: 'documentation', prompt, max_tokens: 8 });
    expect(result.route).toMatchObject({ endpoint: fleet.replicas[0].url });
  });

  it('fails over from a dead engine', async () => {
    const dead = await startTestFleet();
    try {
      await dead.replicas[0].kill();
      const result = await (
        await ModelOrchestrator.create({ strategy: testProfile(dead, { allowCloud: false }), env: {}, fleet: null })
      ).generate({ task_type: 'documentation', prompt, max_tokens: 8 });
      expect(result.route.endpoint).toBe(dead.replicas[1].url);
      expect(result.route.attempts[0]?.error_class).toMatch(/refused|http-5\d\d|reset/);
    } finally {
      await dead.stop();
    }
  });

  it('waits for Retry-After when the last step is rate limited, then serves', async () => {
    for (const replica of fleet.replicas) replica.setFaults({ rateLimit: { retryAfterSeconds: 1, count: 1 } });
    const clock = createFakeClock();
    const result = await (
      await orchestrator(false, clock)
    ).generate({ task_type: 'documentation', prompt, max_tokens: 8 });
    expect(clock.sleeps).toEqual([1000]);
    expect(result.route.attempts.map((attempt) => attempt.error_class)).toEqual(['http-429', 'http-429', null]);
  });

  it('goes to the cloud chain in order when every replica is down', async () => {
    for (const replica of fleet.replicas) replica.setFaults({ fail: { status: 503 } });
    fleet.openai.setFaults({ fail: { status: 503 } });
    const result = await (await orchestrator()).generate({ task_type: 'documentation', prompt, max_tokens: 8 });
    expect(result.route).toMatchObject({
      target: 'generalist',
      fallback_depth: 2,
      cloud: true,
      provider: 'anthropic',
      model: 'claude-3-5-sonnet-latest',
    });
    expect(result.route.attempts.map((attempt) => attempt.error_class)).toEqual([
      'http-503',
      'http-503',
      'http-503',
      null,
    ]);
    const sent = fleet.anthropic.requests.at(-1);
    expect(sent?.path).toBe('/v1/messages');
    expect(JSON.stringify(sent?.headers)).not.toContain('sk-canary');
  });

  it('streams from the cloud (Anthropic events) when the role is down', async () => {
    for (const replica of fleet.replicas) replica.setFaults({ hang: {} });
    fleet.openai.setFaults({ fail: { status: 529 } });
    const parts: StreamPart[] = [];
    const stream = (await orchestrator()).stream({ task_type: 'documentation', prompt, max_tokens: 16 });
    for await (const part of stream) parts.push(part);
    // The stream says how it is served from its start, as the route does at its end.
    const route = await stream.route;
    expect(parts[0]).toMatchObject({
      type: 'stream-start',
      provider: 'anthropic',
      target: route.target,
      fallbackDepth: route.fallback_depth,
    });
    expect(route.fallback_depth).toBeGreaterThan(0);
    expect(parts.at(-1)).toMatchObject({ type: 'stream-end', finishReason: expect.any(String) });
  });

  const beforeFirstToken: [string, SimFaults, string][] = [
    ['cut', { cutStream: { afterTokens: 0 } }, 'stream-cut'],
    ['stall', { stallStream: { afterTokens: 0 } }, 'timeout-first-token'],
    ['malformed chunk', { malformedChunk: { afterTokens: 0 } }, 'malformed-chunk'],
    ['hang', { hang: {} }, 'timeout-first-token'],
  ];
  for (const [name, faults, errorClass] of beforeFirstToken) {
    it(`fails a stream over when it breaks before the first token (${name})`, async () => {
      fleet.replicas[0].setFaults(faults);
      const stream = (await orchestrator()).stream({ task_type: 'documentation', prompt, max_tokens: 16 });
      const parts: StreamPart[] = [];
      for await (const part of stream) parts.push(part);
      expect(parts[0]).toMatchObject({
        type: 'stream-start',
        endpoint: fleet.replicas[1].url,
        target: 'generalist',
        fallbackDepth: 0,
      });
      expect(parts.at(-1)?.type).toBe('stream-end');
      expect((await stream.route).attempts.map((attempt) => attempt.error_class)).toEqual([errorClass, null]);
      await waitFor(() => fleet.replicas[0].stats().inFlight === 0);
    });
  }

  const afterFirstToken: [string, SimFaults, string][] = [
    ['cut', { cutStream: { afterTokens: 3 } }, 'stream-cut'],
    ['stall', { stallStream: { afterTokens: 3 } }, 'timeout-idle'],
    ['malformed chunk', { malformedChunk: { afterTokens: 3 } }, 'malformed-chunk'],
    ['in-band error', { streamError: { afterTokens: 3 } }, 'stream-error'],
  ];
  for (const [name, faults, errorClass] of afterFirstToken) {
    it(`ends a stream broken after its first token with a typed error part, never failing over (${name})`, async () => {
      fleet.replicas[0].setFaults(faults);
      const secondBefore = fleet.replicas[1].stats().requests['/v1/chat/completions'] ?? 0;
      const sink = createMemoryMetricsSink();
      // One failure opens a circuit: the broken stream must count as one.
      const router = await ModelOrchestrator.create({
        strategy: testProfile(fleet, {
          allowCloud: true,
          overrides: { circuit_breaker: { failure_threshold: 1, cooldown_ms: 60_000 } },
        }),
        env: CLOUD_ENV,
        fleet: null,
        metricsSink: sink,
      });
      const parts: StreamPart[] = [];
      const stream = router.stream({ task_type: 'documentation', prompt, max_tokens: 40 });
      for await (const part of stream) parts.push(part);
      expect((await stream.route).attempts).toEqual([
        expect.objectContaining({ endpoint: fleet.replicas[0].url, outcome: 'error', error_class: errorClass }),
      ]);
      expect(router.explain('documentation').candidates).toContainEqual(
        expect.objectContaining({ endpoint: fleet.replicas[0].url, state: 'circuit-open' }),
      );
      expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThanOrEqual(1);
      expect(parts.some((part) => part.type === 'stream-end')).toBe(false);
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { code: 'stream_interrupted', errorClass } });
      expect(fleet.replicas[1].stats().requests['/v1/chat/completions'] ?? 0).toBe(secondBefore);
      expect(sink.metrics()).toHaveLength(1);
      expect(sink.metrics()[0]).toMatchObject({
        success: false,
        error_class: errorClass,
        stream: true,
        endpoint: fleet.replicas[0].url,
      });
      await waitFor(() => fleet.replicas[0].stats().inFlight === 0);
    });
  }

  it('cancels the upstream request when the consumer stops reading a routed stream', async () => {
    const slow = await startTestFleet({ interTokenLatencyMs: 20 });
    try {
      const router = await ModelOrchestrator.create({
        strategy: testProfile(slow, { allowCloud: false }),
        env: {},
        fleet: null,
      });
      for await (const part of router.stream({ task_type: 'documentation', prompt, max_tokens: 500 })) {
        if (part.type === 'text-delta') break;
      }
      await waitFor(() => slow.replicas[0].stats().inFlight === 0);
      const controller = new AbortController();
      const parts: StreamPart[] = [];
      const reading = (async () => {
        for await (const part of router.stream({
          task_type: 'documentation',
          prompt,
          max_tokens: 500,
          signal: controller.signal,
        }))
          parts.push(part);
      })();
      await waitFor(() => parts.length > 1);
      controller.abort();
      await reading;
      expect(parts.at(-1)).toMatchObject({
        type: 'error',
        error: { code: 'stream_interrupted', errorClass: 'cancelled' },
      });
      await waitFor(() => slow.replicas.every((replica) => replica.stats().inFlight === 0));
    } finally {
      await slow.stop();
    }
  });

  it('moves a context-length error only to a target with a larger context', async () => {
    const result = await (
      await orchestrator()
    )
      .generate({ task_type: 'documentation', prompt: 'word '.repeat(5000), max_tokens: 8 })
      .catch((error: unknown) => error);
    // Both replicas share the model (same max_model_len): the cloud model, of unknown size, is tried.
    expect(result).toMatchObject({ route: { cloud: true, fallback_depth: 1 } });
    expect(
      (result as { route: { attempts: { error_class: string | null }[] } }).route.attempts.map(
        (attempt) => attempt.error_class,
      ),
    ).toEqual(['context-length', null]);
    const local = await (
      await orchestrator(false)
    )
      .generate({ task_type: 'documentation', prompt: 'word '.repeat(5000), max_tokens: 8 })
      .catch((error: unknown) => error);
    // No larger context to go to: the client's to fix, as a 400-class refusal carrying the backend's reason.
    expect(local).toMatchObject({ code: 'usage', errorClass: 'context-length', cause: { status: 400 } });
  });

  it('uses the embeddings fallback only by opt-in, and says which model and dimension served', async () => {
    fleet.embeddings.setFaults({ fail: { status: 503 } });
    const vectors = await (await orchestrator()).embed({ input: ['alpha'] });
    expect(vectors).toMatchObject({
      model: 'text-embedding-3-small',
      dimensions: 1536,
      route: { cloud: true, fallback_depth: 1 },
    });
    await expect((await orchestrator(false)).embed({ input: ['alpha'] })).rejects.toMatchObject({
      code: 'cloud_disallowed',
    });
  });
});
