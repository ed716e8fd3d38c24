import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { HealthSource } from '@biopipe/core';
import { ModelOrchestrator } from '../src/index.js';
import { createMemoryMetricsSink } from '../src/testing/memory-metrics-sink.js';
import { CLOUD_ENV } from './fleet-profiles.js';
import { startTestFleet, testProfile, type TestFleet } from './test-fleet.js';

// A client's mistake is answered at once, and never becomes a trip to every model (real simulated servers).
describe('client mistakes', () => {
  let fleet: TestFleet;
  let seen: HealthSource;
  beforeAll(async () => {
    fleet = await startTestFleet();
    // What a detector learns from each replica's own /v1/models (max_model_len 4096 here).
    const listed = new Map<string, number>();
    for (const replica of fleet.replicas) {
      const models = (await (await fetch(`${replica.url}/v1/models`)).json()) as { data: { max_model_len: number }[] };
      listed.set(replica.url, models.data[0]?.max_model_len ?? 0);
    }
    seen = { endpointState: () => 'healthy', maxModelLen: (url) => listed.get(url.replace(/\/+$/, '')) };
  });
  afterEach(() => {
    for (const server of [...fleet.replicas, fleet.openai, fleet.anthropic]) server.clearFaults();
  });
  afterAll(async () => {
    await fleet.stop();
  });

  /** A hybrid profile whose cloud models state an 8192-token context; `cloudFirst` routes every task to the cloud. */
  const orchestrator = async (
    options: { allowCloud?: boolean; cloudFirst?: boolean; healthSource?: HealthSource } = {},
  ) => {
    const base = testProfile(fleet, { allowCloud: true });
    const cloudModels = Object.fromEntries(
      Object.entries(base.profile.cloud_models).map(([name, model]) => [name, { ...model, max_model_len: 8192 }]),
    );
    const sink = createMemoryMetricsSink();
    const router = await ModelOrchestrator.create({
      strategy: testProfile(fleet, {
        allowCloud: options.allowCloud ?? true,
        overrides: {
          cloud_models: cloudModels,
          retry: { max_attempts: 4, base_delay_ms: 10, max_delay_ms: 50, retry_after_cap_ms: 1000 },
          ...(options.cloudFirst === true ? { task_routing: { '*': 'cloud', embeddings: 'embeddings' } } : {}),
        },
      }),
      env: CLOUD_ENV,
      fleet: null,
      metricsSink: sink,
      healthSource: options.healthSource ?? seen,
    });
    return { router, sink };
  };

  const chatRequests = (): number =>
    fleet.replicas.reduce((sum, replica) => sum + (replica.stats().requests['/v1/chat/completions'] ?? 0), 0);

  it('refuses max_tokens no candidate can hold, up front: 400-class, no backend called, one metric', async () => {
    const { router, sink } = await orchestrator();
    const before = { local: chatRequests(), cloud: fleet.cloudConnections() };
    for (const call of [
      () => router.generate({ task_type: 'documentation', prompt: 'hi', max_tokens: 1_000_000_000 }),
      async () => {
        for await (const part of router.stream({ task_type: 'documentation', prompt: 'hi', max_tokens: 1_000_000_000 }))
          if (part.type === 'error') throw part.error;
      },
    ])
      await expect(call()).rejects.toMatchObject({ code: 'usage', errorClass: 'context-length', param: 'max_tokens' });
    expect({ local: chatRequests(), cloud: fleet.cloudConnections() }).toEqual(before);
    expect(sink.metrics()).toHaveLength(2);
    expect(sink.metrics()[0]).toMatchObject({ success: false, error_class: 'context-length', attempts: [] });
  });

  it('refuses a 3.9 MB prompt up front, so it reaches no server, local or cloud', async () => {
    const { router } = await orchestrator();
    const before = { local: chatRequests(), cloud: fleet.cloudConnections() };
    const prompt = 'ACGT '.repeat(800_000);
    await expect(router.generate({ task_type: 'documentation', prompt, max_tokens: 16 })).rejects.toMatchObject({
      code: 'usage',
      param: 'messages',
    });
    expect({ local: chatRequests(), cloud: fleet.cloudConnections() }).toEqual(before);
  });

  it('lets a request through when one candidate context is unknown', async () => {
    const { router } = await orchestrator({ allowCloud: false, healthSource: { endpointState: () => 'healthy' } });
    const before = chatRequests();
    // The replicas answer 400 (context length) themselves: no larger target, so it is the client's, as a 400.
    await expect(router.generate({ task_type: 'documentation', prompt: 'hi', max_tokens: 5000 })).rejects.toMatchObject(
      {
        code: 'usage',
        errorClass: 'context-length',
      },
    );
    expect(chatRequests()).toBe(before + 1);
  });

  it('skips a candidate whose known context the request cannot fit, and serves from one it fits', async () => {
    const { router } = await orchestrator();
    const before = chatRequests();
    const result = await router.generate({ task_type: 'documentation', prompt: 'hi', max_tokens: 5000 });
    expect(result.route.attempts.map((attempt) => [attempt.target, attempt.outcome, attempt.error_class])).toEqual([
      ['generalist', 'skipped', 'context-too-small'],
      ['generalist', 'skipped', 'context-too-small'],
      ['sim-deepseek', 'success', null],
    ]);
    expect(chatRequests()).toBe(before);
  });

  it("returns a backend's 400 as the client's, without trying another model", async () => {
    fleet.openai.setFaults({ fail: { status: 400, message: 'temperature: must be at most 2' } });
    const { router, sink } = await orchestrator({ cloudFirst: true });
    const anthropicBefore = fleet.anthropic.connectionCount();
    const openaiBefore = fleet.openai.requests.length;
    await expect(router.generate({ task_type: 'documentation', prompt: 'hi', max_tokens: 8 })).rejects.toMatchObject({
      code: 'usage',
      errorClass: 'bad-request',
      message: expect.stringContaining('temperature: must be at most 2'),
    });
    expect(fleet.openai.requests.length).toBe(openaiBefore + 1);
    expect(fleet.anthropic.connectionCount()).toBe(anthropicBefore);
    expect(sink.metrics()[0]?.attempts.map((attempt) => [attempt.target, attempt.error_class])).toEqual([
      ['sim-deepseek', 'bad-request'],
    ]);
  });

  it('does not retry a cloud 401 or 403 on the same model', async () => {
    for (const status of [401, 403]) {
      fleet.openai.setFaults({ fail: { status } });
      fleet.anthropic.setFaults({ fail: { status } });
      const { router } = await orchestrator({ cloudFirst: true });
      const before = { openai: fleet.openai.requests.length, anthropic: fleet.anthropic.requests.length };
      await expect(router.generate({ task_type: 'documentation', prompt: 'hi', max_tokens: 8 })).rejects.toMatchObject({
        code: 'cascade_exhausted',
      });
      expect({ openai: fleet.openai.requests.length, anthropic: fleet.anthropic.requests.length }).toEqual({
        openai: before.openai + 1,
        anthropic: before.anthropic + 1,
      });
    }
  });

  it('carries the smallest Retry-After when every candidate answered 429 with one', async () => {
    fleet.replicas[0].setFaults({ rateLimit: { retryAfterSeconds: 7 } });
    fleet.replicas[1].setFaults({ rateLimit: { retryAfterSeconds: 5 } });
    const { router } = await orchestrator({ allowCloud: false });
    const failure = await router
      .generate({ task_type: 'documentation', prompt: 'hi', max_tokens: 8 })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'cloud_disallowed', retryAfterMs: 5000 });
    fleet.replicas[1].setFaults({ rateLimit: null, fail: { status: 500 } });
    const mixed = await router
      .generate({ task_type: 'documentation', prompt: 'hi', max_tokens: 8 })
      .catch((error: unknown) => error);
    expect(mixed).toMatchObject({ code: 'cloud_disallowed' });
    expect(mixed).not.toHaveProperty('retryAfterMs');
  });
});
