import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BiopipeError, ProfileRegistry, resolveStrategy } from '@biopipe/core';
import { createStrategyAutoDetector, detectStrategy } from './detect-strategy.js';
import { createFakeHttpGet, healthyServer } from './testing/fake-http-get.js';

let root: string;
let registry: ProfileRegistry;
const SECRET = 'sk-ant-DISTINCTIVE-91c2';

/** Three profiles shaped like the built-in ones, on fake hosts. */
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'biopipe-detect-'));
  const strategies = path.join(root, 'config', 'strategies');
  mkdirSync(strategies, { recursive: true });
  const write = (name: string, body: string): void =>
    writeFileSync(path.join(strategies, `${name}.yaml`), `profile_name: ${name}\n${body}`);
  write(
    't4_hybrid',
    `allow_cloud: true\nvllm_endpoints: { generalist: http://t4-node-01:8001 }\nendpoint_registry: { enabled: true, path: ${path.join(root, 'registry')} }\ntask_routing: { "*": generalist }\nfallback: [deepseek-v3]\nhealth: { check_timeout_ms: 300 }\n`,
  );
  write(
    'development',
    'allow_cloud: false\nvllm_endpoints: { generalist: http://127.0.0.1:8001 }\ntask_routing: { "*": generalist }\n',
  );
  write('cloud_only', 'allow_cloud: true\ntask_routing: { "*": cloud }\nfallback: [deepseek-v3, claude-3.5-sonnet]\n');
  registry = new ProfileRegistry({ builtinDir: path.join(root, 'config'), env: { HOME: root } });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const fleet = undefined;

describe('detectStrategy', () => {
  it('picks t4_hybrid when one of its endpoints is healthy', async () => {
    const httpGet = createFakeHttpGet(healthyServer('http://t4-node-01:8001', 'm'));
    const detection = await detectStrategy({ registry, env: {}, fleet, httpGet });
    expect(detection.pick).toEqual({
      strategy: 't4_hybrid',
      reason: '1 healthy vLLM endpoint of t4_hybrid (generalist http://t4-node-01:8001)',
    });
    expect(detection.status.timeout_ms).toBe(300);
    expect(detection.status.slurm).toBeNull();
  });

  it('counts fresh endpoint-registry entries as t4_hybrid endpoints', async () => {
    mkdirSync(path.join(root, 'registry'));
    writeFileSync(
      path.join(root, 'registry', 'generalist.5.json'),
      JSON.stringify({
        role: 'generalist',
        url: 'http://gpu-9:8001',
        job_id: '5',
        updated_at: new Date().toISOString(),
      }),
    );
    const detection = await detectStrategy({
      registry,
      env: {},
      fleet,
      httpGet: createFakeHttpGet(healthyServer('http://gpu-9:8001', 'm')),
    });
    expect(detection.pick?.strategy).toBe('t4_hybrid');
    expect(detection.status.vllm_endpoints.map((endpoint) => endpoint.url)).toEqual([
      'http://t4-node-01:8001',
      'http://gpu-9:8001',
      'http://127.0.0.1:8001',
    ]);
  });

  it('picks development when only the simulated fleet answers', async () => {
    const detection = await detectStrategy({
      registry,
      env: { DEEPSEEK_API_KEY: SECRET },
      fleet,
      httpGet: createFakeHttpGet(healthyServer('http://127.0.0.1:8001', 'm')),
    });
    expect(detection.pick?.strategy).toBe('development');
  });

  it('picks cloud_only when no endpoint is healthy but a key of its chain is set', async () => {
    const detection = await detectStrategy({
      registry,
      env: { ANTHROPIC_API_KEY: SECRET },
      fleet,
      httpGet: createFakeHttpGet({}),
    });
    expect(detection.pick).toEqual({
      strategy: 'cloud_only',
      reason: 'no healthy vLLM endpoint; ANTHROPIC_API_KEY set',
    });
    expect(JSON.stringify(detection)).not.toContain(SECRET);
  });

  it('does not pick cloud_only on an embeddings key alone: it cannot answer a prompt', async () => {
    const builtIn = new ProfileRegistry({ env: { HOME: root } });
    const detection = await detectStrategy({
      registry: builtIn,
      env: { OPENAI_API_KEY: SECRET },
      fleet,
      httpGet: createFakeHttpGet({}),
    });
    expect(detection.pick).toBeUndefined();
    expect(detection.error?.hint).toMatch(/set DEEPSEEK_API_KEY or ANTHROPIC_API_KEY, or pass --strategy/);
  });

  it('fails with what it checked and how to fix it, through core resolution', async () => {
    const autoDetect = createStrategyAutoDetector({
      registry,
      env: { OPENAI_API_KEY: SECRET },
      fleet,
      httpGet: createFakeHttpGet({ 'http://127.0.0.1:8001/health': { status: 503, body: '' } }),
    });
    const failure = await resolveStrategy({ registry, env: { HOME: root }, autoDetect }).catch(
      (error: unknown) => error,
    );
    expect(BiopipeError.isInstance(failure)).toBe(true);
    const error = failure as BiopipeError;
    expect(error.code).toBe('strategy_detection_failed');
    expect(error.message).toBe(
      [
        'No strategy was named and auto-detection found no backend.',
        'Checked 2 vLLM endpoints (profiles t4_hybrid, development and the endpoint registry), none healthy:',
        '  generalist http://t4-node-01:8001: unreachable — GET /health: connection refused (nothing listening)',
        '  generalist http://127.0.0.1:8001: unhealthy — GET /health returned 503 (engine dead or not ready)',
        "Checked chat models' cloud keys: DEEPSEEK_API_KEY, ANTHROPIC_API_KEY (none set).",
      ].join('\n'),
    );
    expect(error.hint).toBe(
      'Start the development fleet (nx run vllm-sim:fleet), set DEEPSEEK_API_KEY or ANTHROPIC_API_KEY, or pass --strategy NAME (see biopipe strategy list).',
    );
    expect(`${error.message}${error.hint}`).not.toContain(SECRET);
  });

  it('resolves through core when something answers', async () => {
    const autoDetect = createStrategyAutoDetector({
      registry,
      env: {},
      fleet,
      httpGet: createFakeHttpGet(healthyServer('http://t4-node-01:8001', 'm')),
    });
    const resolved = await resolveStrategy({ registry, env: { HOME: root }, autoDetect });
    expect([resolved.config.name, resolved.source, resolved.reason]).toEqual([
      't4_hybrid',
      'auto-detect',
      'auto-detected: 1 healthy vLLM endpoint of t4_hybrid (generalist http://t4-node-01:8001)',
    ]);
  });
});
