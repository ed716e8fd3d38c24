import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StrategyConfig, endpointRegistryPath, type FleetManifest } from '@biopipe/core';
import { collectCloudModels, collectEndpoints } from './collect-endpoints.js';

let stateDir: string;
beforeEach(() => {
  stateDir = mkdtempSync(path.join(tmpdir(), 'biopipe-detector-'));
});
afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

const fleet = {
  roles: {
    generalist: { served_model_name: 'qwen2.5-7b-instruct' },
    coder: { served_model_name: 'qwen2.5-coder-7b-instruct' },
  },
} as unknown as FleetManifest;

function publish(directory: string, file: string, entry: Record<string, unknown>): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, file), JSON.stringify(entry));
}

describe('collectEndpoints', () => {
  it('takes static endpoints with the fleet manifest name, then fresh registry entries; stale ones are left out', () => {
    const env = { BIOPIPELINES_STATE_DIR: stateDir };
    const directory = endpointRegistryPath(undefined, env);
    const now = new Date('2026-01-01T12:00:00Z');
    publish(directory, 'coder.77.json', {
      role: 'coder',
      url: 'http://gpu-7:8002',
      job_id: '77',
      node: 'gpu-7',
      updated_at: '2026-01-01T11:59:00Z',
    });
    publish(directory, 'math.78.json', {
      role: 'math',
      url: 'http://gpu-8:8003',
      job_id: '78',
      served_model_name: 'math-x',
      updated_at: '2026-01-01T11:59:30Z',
    });
    publish(directory, 'coder.12.json', {
      role: 'coder',
      url: 'http://gpu-1:8002',
      job_id: '12',
      updated_at: '2025-12-31T00:00:00Z',
    });
    const config = StrategyConfig.fromString(
      'profile_name: p\nvllm_endpoints:\n  generalist: [http://a:1, http://a:2]\n  coder: http://b:2\nendpoint_registry: { enabled: true }\ntask_routing: { "*": generalist }\n',
    );
    expect(collectEndpoints(config, { fleet, env, now })).toEqual([
      { role: 'generalist', url: 'http://a:1', expectedModel: 'qwen2.5-7b-instruct', source: 'profile' },
      { role: 'generalist', url: 'http://a:2', expectedModel: 'qwen2.5-7b-instruct', source: 'profile' },
      { role: 'coder', url: 'http://b:2', expectedModel: 'qwen2.5-coder-7b-instruct', source: 'profile' },
      {
        role: 'coder',
        url: 'http://gpu-7:8002',
        expectedModel: 'qwen2.5-coder-7b-instruct',
        source: 'registry',
        jobId: '77',
      },
      { role: 'math', url: 'http://gpu-8:8003', expectedModel: 'math-x', source: 'registry', jobId: '78' },
    ]);
  });

  it('reads no registry when the profile does not enable it, and lists a URL once per role', () => {
    publish(path.join(stateDir, 'reg'), 'coder.1.json', {
      role: 'coder',
      url: 'http://gpu-7:8002',
      job_id: '1',
      updated_at: new Date().toISOString(),
    });
    const off = StrategyConfig.fromString(
      `profile_name: p\nvllm_endpoints: { generalist: [http://a:1, http://a:1/] }\nendpoint_registry: { path: ${path.join(stateDir, 'reg')} }\n`,
    );
    expect(collectEndpoints(off)).toEqual([
      { role: 'generalist', url: 'http://a:1', expectedModel: undefined, source: 'profile' },
    ]);
    const on = StrategyConfig.fromString(
      `profile_name: p\nendpoint_registry: { enabled: true, path: ${path.join(stateDir, 'reg')} }\n`,
    );
    expect(collectEndpoints(on).map((endpoint) => endpoint.url)).toEqual(['http://gpu-7:8002']);
  });
});

describe('collectCloudModels', () => {
  it('marks the chain models as used, and none in a PHI-safe profile', () => {
    const hybrid = StrategyConfig.fromString(
      'profile_name: p\nallow_cloud: true\nfallback: [claude-3.5-sonnet]\nembeddings_fallback: [openai-embeddings]\n',
    );
    expect(collectCloudModels(hybrid).map((model) => [model.name, model.used])).toEqual([
      ['deepseek-v3', false],
      ['claude-3.5-sonnet', true],
      ['openai-embeddings', true],
    ]);
    const safe = StrategyConfig.fromString('profile_name: p\nallow_cloud: false\n');
    expect(collectCloudModels(safe).some((model) => model.used)).toBe(false);
  });
});
