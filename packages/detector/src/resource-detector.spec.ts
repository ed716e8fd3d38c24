import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CLOUD_MODELS, StrategyConfig, type CloudModel } from '@biopipe/core';
import { ResourceDetector } from './resource-detector.js';
import type { CommandRunner } from './run-command.js';
import { createFakeHttpGet, healthyServer } from './testing/fake-http-get.js';

const noSlurm: CommandRunner = () => Promise.resolve({ kind: 'missing' });

describe('ResourceDetector', () => {
  it('checks every endpoint concurrently: twenty hanging endpoints take about one timeout', async () => {
    const answers = Object.fromEntries(
      Array.from({ length: 20 }, (_, index) => [`http://h${index}:8000/health`, 'hang' as const]),
    );
    const endpoints = Array.from({ length: 20 }, (_, index) => ({ role: 'generalist', url: `http://h${index}:8000` }));
    const detector = new ResourceDetector({
      endpoints,
      timeoutMs: 200,
      slurm: false,
      httpGet: createFakeHttpGet(answers),
    });
    const status = await detector.detect();
    expect(status.vllm_endpoints.every((endpoint) => endpoint.state === 'timeout')).toBe(true);
    // Sequential checks would take 20 x 200 ms = 4 s; concurrent ones about 200 ms (generous bound for a loaded machine).
    expect(status.duration_ms).toBeLessThan(2000);
    expect(status.timeout_ms).toBe(200);
  });

  it('reports endpoints in the order given, with role, source and expected model', async () => {
    const httpGet = createFakeHttpGet({
      ...healthyServer('http://a:1', 'qwen'),
      'http://b:2/health': { status: 503, body: '' },
    });
    const detector = new ResourceDetector({
      endpoints: [
        { role: 'generalist', url: 'http://a:1', expectedModel: 'qwen' },
        { role: 'coder', url: 'http://b:2', source: 'registry', jobId: '42' },
      ],
      slurm: { runner: noSlurm },
      httpGet,
    });
    const status = await detector.detect();
    expect(
      status.vllm_endpoints.map((endpoint) => [
        endpoint.role,
        endpoint.state,
        endpoint.source,
        endpoint.job_id,
        endpoint.expected_model,
      ]),
    ).toEqual([
      ['generalist', 'healthy', 'profile', null, 'qwen'],
      ['coder', 'unhealthy', 'registry', '42', null],
    ]);
    expect(status.slurm?.state).toBe('missing');
    expect(status.slurm_available).toBe(false);
  });

  it('reuses a result within the TTL, probes again after it or on refresh(), and shares a running detection', async () => {
    let clock = 0;
    const httpGet = createFakeHttpGet(healthyServer('http://a:1', 'm'));
    const detector = new ResourceDetector({
      endpoints: [{ role: 'generalist', url: 'http://a:1' }],
      cacheTtlMs: 1000,
      slurm: false,
      httpGet,
      now: () => clock,
    });
    const [first, concurrent] = await Promise.all([detector.detect(), detector.detect()]);
    expect(concurrent).toBe(first);
    expect(httpGet.calls).toHaveLength(2);
    clock = 999;
    expect(await detector.detect()).toBe(first);
    expect(httpGet.calls).toHaveLength(2);
    clock = 1000;
    const second = await detector.detect();
    expect(second).not.toBe(first);
    expect(httpGet.calls).toHaveLength(4);
    expect(await detector.refresh()).not.toBe(second);
    expect(httpGet.calls).toHaveLength(6);
  });

  it('is a HealthSource answering from the last result, whatever the URL spelling', async () => {
    const detector = new ResourceDetector({
      endpoints: [{ role: 'generalist', url: 'http://a:1/' }],
      slurm: false,
      httpGet: createFakeHttpGet({}),
    });
    expect(detector.endpointState('http://a:1')).toBeUndefined();
    await detector.detect();
    expect(detector.endpointState('http://a:1')).toBe('unreachable');
    expect(detector.endpointState('http://a:1/v1')).toBe('unreachable');
    expect(detector.endpointState('http://other:1')).toBeUndefined();
  });

  it('sends the fleet key from VLLM_API_KEY and reports cloud keys without their values, in the status and the log', async () => {
    const secret = 'sk-DISTINCT-fleet-0042';
    const httpGet = createFakeHttpGet({
      'http://a:1/health': { status: 200, body: '' },
      'http://a:1/v1/models': { status: 401, body: '' },
    });
    const logged: unknown[] = [];
    const record = (message: string, fields?: unknown): void => void logged.push([message, fields]);
    const detector = new ResourceDetector({
      logger: { debug: record, info: record, warn: record, error: record },
      endpoints: [{ role: 'generalist', url: 'http://a:1' }],
      cloudModels: [{ name: 'deepseek-v3', model: DEFAULT_CLOUD_MODELS['deepseek-v3'] as CloudModel, used: true }],
      env: { VLLM_API_KEY: secret, DEEPSEEK_API_KEY: secret },
      slurm: false,
      httpGet,
    });
    const status = await detector.detect();
    expect(httpGet.calls[1]?.headers).toEqual({ authorization: `Bearer ${secret}` });
    expect(status.vllm_endpoints[0]?.state).toBe('auth_error');
    expect(status.cloud_apis[0]).toMatchObject({ key: 'present', verification: null });
    expect(JSON.stringify(status)).not.toContain(secret);
    expect(logged).toEqual([
      [
        'endpoint checked',
        { role: 'generalist', url: 'http://a:1', state: 'auth_error', latency_ms: expect.any(Number) },
      ],
    ]);
    expect(JSON.stringify(logged)).not.toContain(secret);
  });

  it('verifies only used keys that are present, and only when asked', async () => {
    const httpGet = createFakeHttpGet({ 'https://api.deepseek.com/models': { status: 200, body: '{}' } });
    const cloudModels = [
      { name: 'deepseek-v3', model: DEFAULT_CLOUD_MODELS['deepseek-v3'] as CloudModel, used: true },
      { name: 'claude-3.5-sonnet', model: DEFAULT_CLOUD_MODELS['claude-3.5-sonnet'] as CloudModel, used: true },
      { name: 'openai-embeddings', model: DEFAULT_CLOUD_MODELS['openai-embeddings'] as CloudModel, used: false },
    ];
    const env = { DEEPSEEK_API_KEY: 'k1', OPENAI_API_KEY: 'k2' };
    const status = await new ResourceDetector({
      endpoints: [],
      cloudModels,
      env,
      verifyKeys: true,
      slurm: false,
      httpGet,
    }).detect();
    expect(status.cloud_apis.map((api) => [api.name, api.key, api.verification])).toEqual([
      ['deepseek-v3', 'present', 'valid'],
      ['claude-3.5-sonnet', 'absent', null],
      ['openai-embeddings', 'present', null],
    ]);
    expect(httpGet.calls.map((call) => call.url)).toEqual(['https://api.deepseek.com/models']);
  });

  it('builds from a profile: its endpoints, the fleet manifest names, its catalogue and health settings', async () => {
    const config = StrategyConfig.fromString(
      [
        'profile_name: p',
        'allow_cloud: true',
        'vllm_endpoints:',
        '  generalist: http://a:1',
        '  coder: { urls: [http://b:2], served_model_name: my-coder }',
        'task_routing: { "*": generalist, code_generation: coder }',
        'fallback: [deepseek-v3]',
        'health: { check_timeout_ms: 300, cache_ttl_ms: 0 }',
      ].join('\n'),
    );
    const fleet = { defaults: {}, roles: { generalist: { served_model_name: 'qwen2.5-7b-instruct' } } } as never;
    const detector = ResourceDetector.fromStrategy(config, {
      fleet,
      env: {},
      slurm: false,
      httpGet: createFakeHttpGet({}),
    });
    const status = await detector.detect();
    expect(status.timeout_ms).toBe(300);
    expect(status.vllm_endpoints.map((endpoint) => [endpoint.role, endpoint.expected_model])).toEqual([
      ['generalist', 'qwen2.5-7b-instruct'],
      ['coder', 'my-coder'],
    ]);
    expect(status.cloud_apis.map((api) => [api.name, api.used])).toEqual([
      ['deepseek-v3', true],
      ['claude-3.5-sonnet', false],
      ['openai-embeddings', false],
    ]);
    expect(await detector.detect()).not.toBe(status);
  });
});
