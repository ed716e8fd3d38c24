import { describe, expect, it } from '@jest/globals';
import { CloudDisallowedError, StrategyConfig, type StreamPart } from '@biopipe/core';
import { ModelOrchestrator } from '../model-orchestrator.js';
import { createScriptedProvider, type ScriptedStep } from '../testing/index.js';
import { createFakeClock } from '../testing/fake-clock.js';
import { createMemoryMetricsSink } from '../testing/memory-metrics-sink.js';
import type { ScriptedProvider } from '../testing/scripted-provider.js';

const KEY = 'sk-test-DISTINCTIVE-0123456789abcdef';
const PROMPT = 'Patient 4471 CANARY-PROMPT-TEXT with variant chr7:117559590';

function profile(options: {
  allowCloud: boolean;
  replicas?: number;
  extra?: string;
  threshold?: number;
}): StrategyConfig {
  const urls = Array.from({ length: options.replicas ?? 2 }, (_unused, index) => `http://gpu-${index + 1}:8001`);
  const cloud = options.allowCloud
    ? `fallback: [sim-deepseek, sim-claude]
cloud_models:
  sim-deepseek: { provider: openai-compatible, model: deepseek-chat, base_url: "http://cloud-a", api_key_env: SIM_KEY }
  sim-claude: { provider: anthropic, model: claude, base_url: "http://cloud-b", api_key_env: SIM_KEY }`
    : '';
  return StrategyConfig.fromString(`profile_name: unit
allow_cloud: ${options.allowCloud}
debug_routing: true
vllm_endpoints:
  generalist: { urls: [${urls.map((url) => `"${url}"`).join(', ')}], served_model_name: qwen }
task_routing: { "*": generalist }
retry: { max_attempts: 4, base_delay_ms: 100, max_delay_ms: 1000, retry_after_cap_ms: 5000 }
circuit_breaker: { failure_threshold: ${options.threshold ?? 2}, cooldown_ms: 10000 }
${cloud}
${options.extra ?? ''}`);
}

interface Harness {
  orchestrator: ModelOrchestrator;
  local: Map<string, ScriptedProvider>;
  cloud: Map<string, ScriptedProvider>;
  sink: ReturnType<typeof createMemoryMetricsSink>;
  clock: ReturnType<typeof createFakeClock>;
}

async function createHarness(
  config: StrategyConfig,
  scripts: { local?: Record<string, ScriptedStep[]>; cloud?: Record<string, ScriptedStep[]> },
): Promise<Harness> {
  const local = new Map<string, ScriptedProvider>();
  const cloud = new Map<string, ScriptedProvider>();
  const sink = createMemoryMetricsSink();
  const clock = createFakeClock();
  const orchestrator = await ModelOrchestrator.create({
    strategy: config,
    env: { SIM_KEY: KEY },
    fleet: null,
    clock,
    metricsSink: sink,
    createLocalProvider: ({ url, model }) => {
      const provider = createScriptedProvider({
        endpoint: url,
        model,
        steps: scripts.local?.[url] ?? [{ kind: 'answer', text: `from ${url}` }],
      });
      local.set(url, provider);
      return provider;
    },
    createCloudProvider: ({ name, model }) => {
      const provider = createScriptedProvider({
        endpoint: model.base_url,
        kind: model.provider,
        model: model.model,
        steps: scripts.cloud?.[name] ?? [{ kind: 'answer', text: `from ${name}` }],
      });
      cloud.set(name, provider);
      return provider;
    },
  });
  return { orchestrator, local, cloud, sink, clock };
}

const refused: ScriptedStep = { kind: 'fail', errorClass: 'refused', retryable: true };
const overloaded: ScriptedStep = { kind: 'fail', errorClass: 'http-503', status: 503, retryable: true };

describe('CascadingProviderRouter', () => {
  it('serves from a healthy replica at depth 0 and records one metric', async () => {
    const harness = await createHarness(profile({ allowCloud: true }), {});
    const result = await harness.orchestrator.generate({ task_type: 'documentation', prompt: 'hello' });
    expect(result.text).toMatch(/^from http:\/\/gpu-/);
    expect(result.route).toMatchObject({
      target: 'generalist',
      fallback_depth: 0,
      cloud: false,
      provider: 'vllm',
      model: 'qwen',
    });
    expect(harness.sink.metrics()).toHaveLength(1);
    expect(harness.sink.metrics()[0]).toMatchObject({
      success: true,
      query_length: 5,
      task_type: 'documentation',
      strategy_profile: 'unit',
    });
  });

  it('moves a 503 to the next replica instead of hammering the same one', async () => {
    const harness = await createHarness(profile({ allowCloud: true }), {
      local: {
        'http://gpu-1:8001': [overloaded],
        'http://gpu-2:8001': [overloaded, { kind: 'answer', text: 'second' }],
      },
    });
    // The first request picks gpu-1 (both idle, neither picked yet).
    const result = await harness.orchestrator.generate({ task_type: 'documentation', prompt: 'x' });
    const endpoints = result.route.attempts.map((attempt) => attempt.endpoint);
    expect(endpoints.slice(0, 2)).toEqual(['http://gpu-1:8001', 'http://gpu-2:8001']);
    expect(new Set(endpoints.slice(0, 2)).size).toBe(2);
  });

  it('falls back to the cloud chain in order when the role is down, at depth 1', async () => {
    const harness = await createHarness(profile({ allowCloud: true }), {
      local: { 'http://gpu-1:8001': [refused], 'http://gpu-2:8001': [refused] },
    });
    const result = await harness.orchestrator.generate({ task_type: 'documentation', prompt: 'x' });
    expect(result.text).toBe('from sim-deepseek');
    expect(result.route).toMatchObject({
      fallback_depth: 1,
      cloud: true,
      provider: 'openai-compatible',
      model: 'deepseek-chat',
    });
    expect(result.route.attempts.map((attempt) => [attempt.target, attempt.outcome, attempt.error_class])).toEqual([
      ['generalist', 'error', 'refused'],
      ['generalist', 'error', 'refused'],
      ['sim-deepseek', 'success', null],
    ]);
  });

  it('never constructs a cloud provider in a PHI-safe profile, and fails with CloudDisallowedError naming the role', async () => {
    const sink = createMemoryMetricsSink();
    const orchestrator = await ModelOrchestrator.create({
      strategy: profile({ allowCloud: false }),
      env: { SIM_KEY: KEY, DEEPSEEK_API_KEY: KEY, ANTHROPIC_API_KEY: KEY, OPENAI_API_KEY: KEY },
      fleet: null,
      clock: createFakeClock(),
      metricsSink: sink,
      createLocalProvider: ({ url }) => createScriptedProvider({ endpoint: url, steps: [refused] }),
      createCloudProvider: () => {
        throw new Error('a cloud provider was constructed in a PHI-safe profile');
      },
    });
    const failure = await orchestrator
      .generate({ task_type: 'orchestration', prompt: PROMPT })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CloudDisallowedError);
    expect((failure as CloudDisallowedError).role).toBe('generalist');
    expect((failure as CloudDisallowedError).message).toContain('gpu-1');
    const parts: StreamPart[] = [];
    for await (const part of orchestrator.stream({ task_type: 'code_generation', prompt: PROMPT })) parts.push(part);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ type: 'error', error: { code: 'cloud_disallowed' } });
    expect(orchestrator.explain('documentation').candidates.at(-1)).toMatchObject({
      target: 'cloud',
      state: 'disallowed',
    });
    expect(sink.metrics().map((metric) => [metric.success, metric.cloud, metric.error_class])).toEqual([
      [false, false, 'cloud-disallowed'],
      [false, false, 'cloud-disallowed'],
    ]);
  });

  it('opens a replica circuit after failure_threshold failures and then fails at once without calling it', async () => {
    const harness = await createHarness(profile({ allowCloud: false, replicas: 1 }), {
      local: { 'http://gpu-1:8001': [overloaded] },
    });
    await expect(harness.orchestrator.generate({ task_type: 'documentation', prompt: 'x' })).rejects.toBeInstanceOf(
      CloudDisallowedError,
    );
    const calls = harness.local.get('http://gpu-1:8001')?.calls.length;
    expect(calls).toBe(2); // threshold 2: the retry round stops once the circuit opens
    await expect(harness.orchestrator.generate({ task_type: 'documentation', prompt: 'x' })).rejects.toMatchObject({
      code: 'cloud_disallowed',
    });
    expect(harness.local.get('http://gpu-1:8001')?.calls.length).toBe(2);
    expect(harness.sink.metrics()[1]?.attempts).toEqual([
      expect.objectContaining({ outcome: 'skipped', error_class: 'circuit-open' }),
    ]);
  });

  it('half-opens after the cool-down: one probe, and its success closes the circuit', async () => {
    const harness = await createHarness(profile({ allowCloud: false, replicas: 1 }), {
      local: { 'http://gpu-1:8001': [overloaded, overloaded, { kind: 'answer', text: 'back' }] },
    });
    await expect(harness.orchestrator.generate({ task_type: 'documentation', prompt: 'x' })).rejects.toBeInstanceOf(
      CloudDisallowedError,
    );
    harness.clock.advance(10_000);
    expect(harness.orchestrator.explain('documentation').candidates[0]).toMatchObject({ state: 'half-open' });
    const result = await harness.orchestrator.generate({ task_type: 'documentation', prompt: 'x' });
    expect(result.text).toBe('back');
    expect(harness.orchestrator.explain('documentation').candidates[0]).toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining('best'),
    });
  });

  it('retries the last step after the server-requested wait, and moves on when the wait is past the cap', async () => {
    const limited = (retryAfterMs: number): ScriptedStep => ({
      kind: 'fail',
      errorClass: 'http-429',
      status: 429,
      retryable: true,
      retryAfterMs,
    });
    const harness = await createHarness(profile({ allowCloud: false, replicas: 1 }), {
      local: { 'http://gpu-1:8001': [limited(1500), { kind: 'answer', text: 'after wait' }] },
    });
    expect((await harness.orchestrator.generate({ task_type: 'documentation', prompt: 'x' })).text).toBe('after wait');
    expect(harness.clock.sleeps).toEqual([1500]);
    const capped = await createHarness(profile({ allowCloud: false, replicas: 1 }), {
      local: { 'http://gpu-1:8001': [limited(60_000)] },
    });
    await expect(capped.orchestrator.generate({ task_type: 'documentation', prompt: 'x' })).rejects.toBeInstanceOf(
      CloudDisallowedError,
    );
    expect(capped.clock.sleeps).toEqual([]);
  });

  it('backs off exponentially with jitter between rounds, within max_attempts', async () => {
    const harness = await createHarness(profile({ allowCloud: false, replicas: 1, threshold: 10 }), {
      local: { 'http://gpu-1:8001': [{ kind: 'fail', errorClass: 'http-429', status: 429, retryable: true }] },
    });
    await expect(harness.orchestrator.generate({ task_type: 'documentation', prompt: 'x' })).rejects.toBeInstanceOf(
      CloudDisallowedError,
    );
    expect(harness.local.get('http://gpu-1:8001')?.calls).toHaveLength(4);
    expect(harness.clock.sleeps).toEqual([75, 150, 300]);
  });

  it('does not retry 400, 401 or 402 on the same provider', async () => {
    for (const [errorClass, status] of [
      ['bad-request', 400],
      ['auth', 401],
      ['insufficient-balance', 402],
    ] as const) {
      const harness = await createHarness(profile({ allowCloud: false }), {
        local: { 'http://gpu-1:8001': [{ kind: 'fail', errorClass, status, retryable: false }] },
      });
      await expect(harness.orchestrator.generate({ task_type: 'documentation', prompt: 'x' })).rejects.toMatchObject({
        code: errorClass === 'bad-request' ? 'usage' : 'cloud_disallowed',
      });
      expect(harness.local.get('http://gpu-1:8001')?.calls).toHaveLength(1);
      expect(harness.local.get('http://gpu-2:8001')?.calls ?? []).toHaveLength(0);
    }
  });

  it('moves an account problem (402) of the first cloud model to the next one', async () => {
    const harness = await createHarness(profile({ allowCloud: true, extra: '' }), {
      local: { 'http://gpu-1:8001': [refused], 'http://gpu-2:8001': [refused] },
      cloud: { 'sim-deepseek': [{ kind: 'fail', errorClass: 'insufficient-balance', status: 402, retryable: false }] },
    });
    const result = await harness.orchestrator.generate({ task_type: 'documentation', prompt: 'x' });
    expect(result.route).toMatchObject({ fallback_depth: 2, provider: 'anthropic' });
  });

  it('fails over a stream that fails before its first token, and ends a stream cut after it with an error part', async () => {
    const harness = await createHarness(profile({ allowCloud: true }), {
      local: {
        'http://gpu-1:8001': [{ kind: 'fail', errorClass: 'timeout-first-token', retryable: true }],
        'http://gpu-2:8001': [{ kind: 'fail', errorClass: 'stream-cut', retryable: true, afterTokens: 2 }],
      },
    });
    const stream = harness.orchestrator.stream({ task_type: 'documentation', prompt: 'x' });
    const parts: StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(parts.map((part) => part.type)).toEqual(['stream-start', 'text-delta', 'text-delta', 'error']);
    expect(parts[0]).toMatchObject({ endpoint: 'http://gpu-2:8001' });
    expect(parts[3]).toMatchObject({ error: { code: 'stream_interrupted', errorClass: 'stream-cut' } });
    const route = await stream.route;
    expect(route.attempts.map((attempt) => attempt.error_class)).toEqual(['timeout-first-token', 'stream-cut']);
    expect(harness.sink.metrics()).toHaveLength(1);
    expect(harness.sink.metrics()[0]).toMatchObject({ success: false, error_class: 'stream-cut', stream: true });
    expect(harness.sink.metrics()[0]?.ttft_ms).not.toBeNull();
  });

  it('keeps prompt text and keys out of metrics and decisions', async () => {
    const harness = await createHarness(profile({ allowCloud: true }), {
      local: { 'http://gpu-1:8001': [refused], 'http://gpu-2:8001': [refused] },
      cloud: {
        'sim-deepseek': [{ kind: 'fail', errorClass: 'http-500', status: 500, retryable: true }],
        'sim-claude': [{ kind: 'fail', errorClass: 'http-500', status: 500, retryable: true }],
      },
    });
    await expect(harness.orchestrator.generate({ task_type: 'documentation', prompt: PROMPT })).rejects.toMatchObject({
      code: 'cascade_exhausted',
    });
    await harness.orchestrator.generate({ task_type: 'not_a_task', prompt: PROMPT }).catch(() => undefined);
    const serialised = JSON.stringify(harness.sink.records);
    expect(harness.sink.metrics()).toHaveLength(2);
    expect(harness.sink.decisions().length).toBeGreaterThan(0);
    expect(serialised).not.toContain('CANARY-PROMPT-TEXT');
    expect(serialised).not.toContain(KEY);
    expect(serialised).not.toContain('DISTINCTIVE');
    expect(harness.sink.metrics()[0]).toMatchObject({
      query_length: PROMPT.length,
      success: false,
      error_class: 'cascade-exhausted',
    });
  });

  it('a sink that throws never fails the request', async () => {
    const harness = await createHarness(profile({ allowCloud: false }), {});
    const throwing = await ModelOrchestrator.create({
      strategy: profile({ allowCloud: false }),
      fleet: null,
      env: {},
      metricsSink: {
        record: () => {
          throw new Error('disk full');
        },
        flush: () => Promise.resolve(),
        close: () => Promise.resolve(),
      },
      createLocalProvider: ({ url }) =>
        createScriptedProvider({ endpoint: url, steps: [{ kind: 'answer', text: 'fine' }] }),
    });
    expect((await throwing.generate({ task_type: 'documentation', prompt: 'x' })).text).toBe('fine');
    expect(harness.sink.records).toHaveLength(0);
  });

  it('honours timeouts.total_ms across attempts and fails with RequestTimeoutError', async () => {
    const orchestrator = await ModelOrchestrator.create({
      strategy: profile({ allowCloud: false, extra: 'timeouts: { total_ms: 150 }' }),
      env: {},
      fleet: null,
      createLocalProvider: ({ url }) => createScriptedProvider({ endpoint: url, steps: [{ kind: 'hang' }] }),
    });
    // The scripted replica hangs until cancelled: only the total deadline can end this call.
    await expect(orchestrator.generate({ task_type: 'documentation', prompt: 'x' })).rejects.toMatchObject({
      code: 'request_timeout',
      totalMs: 150,
    });
  });

  it('cancels on the caller signal with an aborted error (exit 130)', async () => {
    const controller = new AbortController();
    const orchestrator = await ModelOrchestrator.create({
      strategy: profile({ allowCloud: false }),
      env: {},
      fleet: null,
      createLocalProvider: ({ url }) => createScriptedProvider({ endpoint: url, steps: [{ kind: 'hang' }] }),
    });
    const pending = orchestrator.generate({ task_type: 'documentation', prompt: 'x', signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });
});
