import { describe, expect, it } from '@jest/globals';
import { StrategyConfig, type EndpointState } from '@biopipe/core';
import { assessCoverage } from './assess-coverage.js';
import type { CloudApiStatus, ResourceStatus } from './resource-status.js';

function statusWith(
  endpoints: [string, EndpointState][],
  keys: Record<string, 'present' | 'absent'> = {},
  verification: CloudApiStatus['verification'] = null,
): ResourceStatus {
  return {
    schema_version: 1,
    checked_at: '2026-01-01T00:00:00Z',
    duration_ms: 1,
    timeout_ms: 2000,
    vllm_endpoints: endpoints.map(([role, state], index) => ({
      role,
      url: `http://h${index}:1`,
      source: 'profile',
      job_id: null,
      expected_model: null,
      state,
      latency_ms: 1,
      models: [],
      max_model_len: null,
      reason: '',
    })),
    cloud_apis: Object.entries(keys).map(([name, key]) => ({
      name,
      provider: 'openai-compatible',
      kind: 'chat',
      api_key_env: `${name.toUpperCase()}_KEY`,
      key,
      used: true,
      verification,
      reason: '',
    })),
    slurm: null,
    slurm_available: false,
  };
}

const hybrid = StrategyConfig.fromString(
  'profile_name: h\nallow_cloud: true\nvllm_endpoints: { generalist: http://g:1, embeddings: http://e:1 }\ntask_routing: { "*": generalist, embeddings: embeddings, orchestration: cloud }\nfallback: [deepseek-v3]\n',
);
const safe = StrategyConfig.fromString(
  'profile_name: s\nvllm_endpoints: { generalist: http://g:1 }\ntask_routing: { "*": generalist }\n',
);

describe('assessCoverage', () => {
  it('serves locally when the role has a healthy endpoint, and the cloud target with a key', () => {
    const coverage = assessCoverage(
      hybrid,
      statusWith(
        [
          ['generalist', 'timeout'],
          ['generalist', 'healthy'],
          ['embeddings', 'healthy'],
        ],
        { 'deepseek-v3': 'present' },
      ),
    );
    expect(coverage.can_serve).toBe(true);
    const byTask = Object.fromEntries(coverage.tasks.map((task) => [task.task_type, task]));
    expect(byTask['intent_parsing']).toMatchObject({
      target: 'generalist',
      served_by: 'local',
      reason: '1 of 2 generalist endpoints healthy',
    });
    expect(byTask['orchestration']).toMatchObject({
      target: 'cloud',
      served_by: 'cloud',
      reason: 'cloud deepseek-v3 (DEEPSEEK-V3_KEY set)',
    });
    expect(coverage.tasks).toHaveLength(10);
  });

  it('falls back to the cloud chain for a down role, but not for embeddings without an embeddings chain', () => {
    const coverage = assessCoverage(
      hybrid,
      statusWith(
        [
          ['generalist', 'unreachable'],
          ['embeddings', 'unhealthy'],
        ],
        { 'deepseek-v3': 'present' },
      ),
    );
    const byTask = Object.fromEntries(coverage.tasks.map((task) => [task.task_type, task]));
    expect(byTask['documentation']).toMatchObject({
      served_by: 'cloud',
      reason: 'no healthy generalist endpoint (unreachable); cloud deepseek-v3 (DEEPSEEK-V3_KEY set)',
    });
    expect(byTask['embeddings']).toMatchObject({
      served_by: null,
      reason: 'no healthy embeddings endpoint (unhealthy); no cloud model in its chain',
    });
    expect(coverage.can_serve).toBe(false);
  });

  it('does not count a key that verification rejected', () => {
    const coverage = assessCoverage(
      hybrid,
      statusWith(
        [
          ['generalist', 'healthy'],
          ['embeddings', 'healthy'],
        ],
        { 'deepseek-v3': 'present' },
        'invalid',
      ),
    );
    expect(coverage.tasks.find((task) => task.task_type === 'orchestration')).toMatchObject({
      served_by: null,
      reason: 'no usable key for deepseek-v3 (DEEPSEEK-V3_KEY)',
    });
  });

  it('never counts the cloud for a PHI-safe profile', () => {
    const coverage = assessCoverage(safe, statusWith([['generalist', 'wrong_model']], { 'deepseek-v3': 'present' }));
    expect(coverage.can_serve).toBe(false);
    expect(coverage.tasks[0]).toMatchObject({
      served_by: null,
      reason: 'no healthy generalist endpoint (wrong_model); the cloud is not allowed (PHI-safe profile)',
    });
  });
});
