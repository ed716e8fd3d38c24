import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { StrategyConfig, fleetManifestSchema } from '@biopipe/core';
import { createRoleReplicaResolver } from './role-replicas.js';

const fleet = fleetManifestSchema.parse({
  roles: {
    generalist: {
      model: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
      served_model_name: 'qwen2.5-7b-instruct',
      port: 8001,
      max_model_len: 8192,
      vram_gb: 8,
    },
    coder: {
      model: 'Qwen/Qwen2.5-Coder-7B-Instruct-AWQ',
      served_model_name: 'qwen2.5-coder-7b-instruct',
      port: 8002,
      max_model_len: 8192,
      vram_gb: 8,
    },
  },
});

function registryEntry(directory: string, file: string, entry: Record<string, unknown>): void {
  writeFileSync(path.join(directory, file), JSON.stringify({ schema_version: 1, node: 'gpu-node-7', ...entry }));
}

describe('createRoleReplicaResolver', () => {
  it('takes the served model name from config/fleet.yaml when the profile states none', () => {
    const config = StrategyConfig.fromString(
      'profile_name: p\nvllm_endpoints: { generalist: ["http://a:8001", "http://b:8001"] }\ntask_routing: { "*": generalist }\n',
    );
    const resolve = createRoleReplicaResolver({ config, fleet, env: {}, now: Date.now });
    expect(resolve('generalist')).toEqual([
      { url: 'http://a:8001', servedModelName: 'qwen2.5-7b-instruct', maxModelLen: 8192, source: 'profile' },
      { url: 'http://b:8001', servedModelName: 'qwen2.5-7b-instruct', maxModelLen: 8192, source: 'profile' },
    ]);
  });

  it('prefers fresh endpoint-registry entries over static URLs, ignores stale ones, and re-reads after the cache time', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'router-registry-'));
    const config = StrategyConfig.fromString(`profile_name: p
vllm_endpoints: { generalist: "http://static-node:8001", coder: "http://static-node:8002" }
endpoint_registry: { enabled: true, path: "${directory}", max_age_s: 60 }
task_routing: { "*": generalist, code_generation: coder }
`);
    let now = Date.parse('2026-03-01T12:00:00Z');
    registryEntry(directory, 'generalist.101.json', {
      role: 'generalist',
      url: 'http://gpu-node-7:8001',
      job_id: '101',
      updated_at: new Date(now - 5_000).toISOString(),
    });
    registryEntry(directory, 'coder.102.json', {
      role: 'coder',
      url: 'http://gpu-node-9:8002',
      job_id: '102',
      updated_at: new Date(now - 600_000).toISOString(),
    });
    const resolve = createRoleReplicaResolver({ config, fleet, env: {}, now: () => now, registryCacheMs: 1000 });
    expect(resolve('generalist')).toEqual([
      { url: 'http://gpu-node-7:8001', servedModelName: 'qwen2.5-7b-instruct', maxModelLen: 8192, source: 'registry' },
    ]);
    expect(resolve('coder').map((replica) => [replica.url, replica.source])).toEqual([
      ['http://static-node:8002', 'profile'],
    ]);

    registryEntry(directory, 'coder.103.json', {
      role: 'coder',
      url: 'http://gpu-node-3:8002',
      job_id: '103',
      served_model_name: 'coder-alias',
      updated_at: new Date(now).toISOString(),
    });
    expect(resolve('coder').map((replica) => replica.url)).toEqual(['http://static-node:8002']);
    now += 1000;
    expect(resolve('coder')).toEqual([
      { url: 'http://gpu-node-3:8002', servedModelName: 'coder-alias', maxModelLen: 8192, source: 'registry' },
    ]);
  });
});
