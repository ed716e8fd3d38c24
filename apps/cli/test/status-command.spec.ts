import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startOpenAiCloudSim, startVllmSim, type VllmSimHandle, type VllmSimOptions } from '@biopipe/vllm-sim';
import { runBiopipe } from './run-biopipe.js';

// `biopipe status` as a real process against simulated vLLM servers on free ports.
const SECRET = 'sk-STATUS-distinctive-4471';
let home: string;
let configDir: string;
let env: Record<string, string>;
const sims: VllmSimHandle[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-status-'));
  configDir = path.join(home, 'cfg');
  mkdirSync(path.join(configDir, 'strategies'), { recursive: true });
  env = { HOME: home, BIOPIPELINES_STATE_DIR: path.join(home, 'state') };
});
afterEach(async () => {
  await Promise.all([...sims.splice(0).map((sim) => sim.stop()), ...cleanups.splice(0).map((cleanup) => cleanup())]);
  rmSync(home, { recursive: true, force: true });
});

async function sim(servedModelName: string, options: Partial<VllmSimOptions> = {}): Promise<string> {
  const handle = await startVllmSim({ servedModelName, port: 0, ...options });
  sims.push(handle);
  await handle.ready;
  return handle.url;
}

/** A URL where nothing listens. */
async function closedPort(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function writeProfile(name: string, body: string): void {
  writeFileSync(path.join(configDir, 'strategies', `${name}.yaml`), `profile_name: ${name}\n${body}`);
}

const status = (args: string[], extraEnv: Record<string, string> = {}) =>
  runBiopipe(['--config-dir', configDir, ...args], { env: { ...env, ...extraEnv } });

interface Report {
  strategy: { name: string; source: string } | null;
  auto_detect: { strategy: string | null; error: { code: string; hint: string } | null };
  can_serve: boolean;
  coverage: { task_type: string; served_by: string | null }[];
  vllm_endpoints: { role: string; state: string; reason: string }[];
  cloud_apis: { name: string; key: string; verification: string | null }[];
  slurm: { state: string };
}

describe('biopipe status', () => {
  it('exits 0 with a stable JSON shape when every routed role has a healthy endpoint', async () => {
    const generalist = await sim('qwen2.5-7b-instruct');
    const coder = await sim('qwen2.5-coder-7b-instruct');
    writeProfile(
      'fleet',
      `vllm_endpoints: { generalist: ${generalist}, coder: ${coder} }\ntask_routing: { "*": generalist, code_generation: coder }\n`,
    );
    const result = await status(['--json', '-s', 'fleet', 'status']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(Object.keys(report).sort()).toEqual(
      [
        'auto_detect',
        'budget',
        'can_serve',
        'checked_at',
        'cloud_apis',
        'coverage',
        'duration_ms',
        'schema_version',
        'slurm',
        'slurm_available',
        'strategy',
        'timeout_ms',
        'vllm_endpoints',
      ].sort(),
    );
    expect(report.strategy).toMatchObject({ name: 'fleet', source: 'argument' });
    expect(report.vllm_endpoints.map((endpoint) => [endpoint.role, endpoint.state])).toEqual([
      ['generalist', 'healthy'],
      ['coder', 'healthy'],
    ]);
    expect(report.can_serve).toBe(true);
    expect(report.coverage.every((task) => task.served_by === 'local')).toBe(true);
    expect(['available', 'missing', 'timeout', 'failed']).toContain(report.slurm.state);
  });

  it('exits 3 when a routed role is down and the cloud cannot cover it; 0 once a key lets it', async () => {
    const generalist = await sim('qwen2.5-7b-instruct');
    const coder = await sim('qwen2.5-coder-7b-instruct', { faults: { hang: { allEndpoints: true } } });
    writeProfile(
      'hybrid',
      `allow_cloud: true\nvllm_endpoints: { generalist: ${generalist}, coder: ${coder} }\ntask_routing: { "*": generalist, code_generation: coder }\nfallback: [deepseek-v3]\n`,
    );
    const down = await status(['--json', '-s', 'hybrid', 'status', '--timeout', '300']);
    expect(down.code).toBe(3);
    const report = JSON.parse(down.stdout) as Report;
    expect(report.vllm_endpoints[1]).toMatchObject({
      role: 'coder',
      state: 'timeout',
      reason: 'no answer within 300 ms (GET /health)',
    });
    expect(report.coverage.find((task) => task.task_type === 'code_generation')?.served_by).toBeNull();

    const covered = await status(['--json', '-s', 'hybrid', 'status', '--timeout', '300'], {
      DEEPSEEK_API_KEY: SECRET,
      VLLM_API_KEY: SECRET,
    });
    expect(covered.code).toBe(0);
    const coveredReport = JSON.parse(covered.stdout) as Report;
    expect(coveredReport.coverage.find((task) => task.task_type === 'code_generation')?.served_by).toBe('cloud');
    expect(coveredReport.cloud_apis.find((api) => api.name === 'deepseek-v3')?.key).toBe('present');
    expect(covered.stdout + covered.stderr).not.toContain(SECRET);
  });

  it('prints tables when piped: endpoints by role with state, latency, model and reason; keys; SLURM; what cannot be served', async () => {
    const generalist = await sim('qwen2.5-7b-instruct');
    const wrong = await sim('some-other-model');
    writeProfile(
      'local',
      `vllm_endpoints: { generalist: ${generalist}, math: ${wrong} }\ntask_routing: { "*": generalist, math_statistics: math }\n`,
    );
    const result = await status(['--debug', '-s', 'local', 'status'], { DEEPSEEK_API_KEY: SECRET });
    expect(result.code).toBe(3);
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.stdout).toMatch(/^Strategy\s+local \(--strategy local\)$/m);
    expect(result.stdout).toMatch(/^ROLE\s+URL\s+STATE\s+LATENCY\s+MODEL\s+REASON$/m);
    expect(result.stdout).toMatch(
      /^generalist\s+http:\/\/127\.0\.0\.1:\d+\s+healthy\s+\d+ ms\s+qwen2\.5-7b-instruct\s+serves "qwen2\.5-7b-instruct" \(max_model_len 8192\)$/m,
    );
    expect(result.stdout).toMatch(
      /^math\s+http:\/\/127\.0\.0\.1:\d+\s+wrong_model\s+\d+ ms\s+some-other-model\s+serves "some-other-model", expected "qwen2\.5-math-7b-instruct"$/m,
    );
    expect(result.stdout).toMatch(/^deepseek-v3\s+DEEPSEEK_API_KEY\s+present\s+no\s+-$/m);
    expect(result.stdout).toMatch(/^SLURM {2}(available|missing|timeout|failed): /m);
    expect(result.stdout).toMatch(/^Cannot serve 1 of 10 task types:$/m);
    expect(result.stdout).toMatch(
      /^math_statistics\s+math\s+no healthy math endpoint \(wrong_model\); the cloud is not allowed \(PHI-safe profile\)$/m,
    );
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('verifies used keys with one call each under --verify-keys against the simulated cloud, never showing them', async () => {
    const cloud = await startOpenAiCloudSim({ port: 0, apiKey: SECRET });
    cleanups.push(() => cloud.stop());
    writeProfile(
      'cloudy',
      `allow_cloud: true\ntask_routing: { intent_parsing: cloud }\nfallback: [sim-a, sim-b]\ncloud_models:\n  sim-a: { provider: openai-compatible, model: m, base_url: ${cloud.url}, api_key_env: SIM_A_KEY }\n  sim-b: { provider: openai-compatible, model: m, base_url: ${cloud.url}, api_key_env: SIM_B_KEY }\n`,
    );
    const result = await status(['--json', '-s', 'cloudy', 'status', '--verify-keys'], {
      SIM_A_KEY: SECRET,
      SIM_B_KEY: `${SECRET}-wrong`,
    });
    const report = JSON.parse(result.stdout) as Report;
    expect(
      report.cloud_apis.filter((api) => api.name.startsWith('sim-')).map((api) => [api.name, api.verification]),
    ).toEqual([
      ['sim-a', 'valid'],
      ['sim-b', 'invalid'],
    ]);
    expect(cloud.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /models',
      'GET /models',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('contacts no cloud host for a PHI-safe strategy, even with --verify-keys and a key set', async () => {
    const cloud = await startOpenAiCloudSim({ port: 0 });
    cleanups.push(() => cloud.stop());
    const generalist = await sim('qwen2.5-7b-instruct');
    writeProfile(
      'safe',
      `allow_cloud: false\nvllm_endpoints: { generalist: ${generalist} }\ntask_routing: { "*": generalist }\ncloud_models:\n  sim-a: { provider: openai-compatible, model: m, base_url: ${cloud.url}, api_key_env: SIM_A_KEY }\n`,
    );
    const result = await status(['--json', '-s', 'safe', 'status', '--verify-keys'], { SIM_A_KEY: SECRET });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Report).cloud_apis.find((api) => api.name === 'sim-a')).toMatchObject({
      key: 'present',
      verification: null,
    });
    expect(cloud.connectionCount()).toBe(0);
  });

  it('rejects a bad --timeout as a usage error', async () => {
    const result = await status(['status', '--timeout', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /--timeout <ms>' argument 'soon' is invalid\. must be a whole number of milliseconds above 0\./,
    );
  });
});

describe('strategy auto-detection', () => {
  /** Built-in-named profiles pointing at this test's servers, so nothing else on the machine interferes. */
  function writeDetectionProfiles(hybridUrl: string, developmentUrl: string): void {
    writeProfile(
      't4_hybrid',
      `allow_cloud: true\nvllm_endpoints: { generalist: ${hybridUrl} }\nendpoint_registry: { enabled: true }\ntask_routing: { "*": generalist }\nfallback: [deepseek-v3]\n`,
    );
    writeProfile(
      'development',
      `vllm_endpoints: { generalist: ${developmentUrl} }\ntask_routing: { "*": generalist }\n`,
    );
  }

  it('picks the development profile when only the simulated fleet answers, for status and for route', async () => {
    writeDetectionProfiles(await closedPort(), await sim('qwen2.5-7b-instruct'));
    const result = await status(['--json', 'status']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.strategy).toMatchObject({ name: 'development', source: 'auto-detect' });
    expect(report.auto_detect.strategy).toBe('development');
    const route = await status(['--json', 'route', 'hello']);
    expect(JSON.parse(route.stdout)).toMatchObject({
      strategy: 'development',
      strategy_source: expect.stringMatching(/^auto-detected: 1 healthy vLLM endpoint of development/),
    });
  });

  it('picks cloud_only with a key and no healthy endpoint, and fails with a hint without either', async () => {
    writeDetectionProfiles(await closedPort(), await closedPort());
    const cloud = await status(['--json', 'status'], { ANTHROPIC_API_KEY: SECRET });
    const cloudReport = JSON.parse(cloud.stdout) as Report;
    expect(cloudReport.strategy).toMatchObject({ name: 'cloud_only', source: 'auto-detect' });
    // cloud_only has no embeddings_fallback: chat models cannot produce vectors, so embeddings stay unserved.
    expect(cloudReport.coverage.filter((task) => task.served_by === null).map((task) => task.task_type)).toEqual([
      'embeddings',
    ]);
    expect(cloudReport.coverage.filter((task) => task.served_by === 'cloud')).toHaveLength(9);
    expect(cloud.code).toBe(3);
    expect(cloud.stdout).not.toContain(SECRET);

    const none = await status(['--json', 'status']);
    expect(none.code).toBe(3);
    const report = JSON.parse(none.stdout) as Report;
    expect(report).toMatchObject({
      strategy: null,
      can_serve: false,
      auto_detect: { strategy: null, error: { code: 'strategy_detection_failed' } },
    });
    expect(report.auto_detect.error?.hint).toBe(
      'Start the development fleet (nx run vllm-sim:fleet), set DEEPSEEK_API_KEY or ANTHROPIC_API_KEY, or pass --strategy NAME (see biopipe strategy list).',
    );
    expect(report.vllm_endpoints.map((endpoint) => endpoint.state)).toEqual(['unreachable', 'unreachable']);

    const route = await status(['route', 'hello']);
    expect(route.code).toBe(3);
    expect(route.stderr).toMatch(
      /^error: No strategy was named and auto-detection found no backend\.\nChecked 2 vLLM endpoints/,
    );
    expect(route.stderr).toMatch(/\nhint: Start the development fleet \(nx run vllm-sim:fleet\)/);
  });
});
