import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { startFleet, startVllmSim, type Fleet, type LatencySettings, type VllmSimHandle } from '@biopipe/vllm-sim';
import { BIOPIPE_MAIN } from './run-biopipe.js';

/** The key the simulated cloud APIs accept (passed to serve through the profile's api_key_env). */
export const SIM_CLOUD_KEY = 'sim-cloud-key-for-serve-tests';

/** A simulated fleet with a second generalist replica, and a config dir holding profiles that point at it. */
export interface ServeFleet {
  fleet: Fleet;
  /** The fleet's generalist and the extra replica. */
  generalists: [VllmSimHandle, VllmSimHandle];
  /** Holds strategies/serve_hybrid.yaml (two generalists, cloud fallback) and serve_phi.yaml (PHI-safe, one generalist). */
  configDir: string;
  /** A scratch directory (HOME, state, metrics) removed by stop(). */
  home: string;
  stop(): Promise<void>;
}

function endpoint(role: string, urls: readonly string[], model: string): string {
  return `  ${role}: { urls: [${urls.map((url) => `"${url}"`).join(', ')}], served_model_name: ${model} }`;
}

/** Starts the fleet (free ports) and writes the two test profiles. */
export async function startServeFleet(options: { latency?: LatencySettings } = {}): Promise<ServeFleet> {
  const fleet = await startFleet({
    ports: 'free',
    cloudApiKey: SIM_CLOUD_KEY,
    ...(options.latency === undefined ? {} : { latency: options.latency }),
  });
  const role = (name: string): Fleet['roles'][string] => {
    const found = fleet.roles[name];
    if (found === undefined) throw new Error(`the fleet has no ${name}`);
    return found;
  };
  const generalist = role('generalist');
  const second = await startVllmSim({
    servedModelName: generalist.servedModelName,
    enableAdmin: true,
    ...options.latency,
  });
  const cloud = fleet.cloud;
  if (cloud === undefined) throw new Error('the fleet started no cloud simulators');
  const home = mkdtempSync(path.join(tmpdir(), 'biopipe-serve-'));
  const configDir = path.join(home, 'config');
  mkdirSync(path.join(configDir, 'strategies'), { recursive: true });
  const locals = [
    endpoint('coder', [role('coder').url], role('coder').servedModelName),
    endpoint('math', [role('math').url], role('math').servedModelName),
    endpoint('embeddings', [role('embeddings').url], role('embeddings').servedModelName),
  ];
  const routing = `task_routing:
  "*": generalist
  code_generation: coder
  code_validation: coder
  math_statistics: math
  embeddings: embeddings`;
  // Deadlines generous enough for a loaded machine; a long cooldown keeps a killed replica's circuit open.
  const tuning = `timeouts: { connect_ms: 5000, first_token_ms: 20000, idle_ms: 10000 }
circuit_breaker: { failure_threshold: 3, cooldown_ms: 60000 }`;
  writeFileSync(
    path.join(configDir, 'strategies', 'serve_hybrid.yaml'),
    `profile_name: serve_hybrid
description: Two generalist replicas, simulated cloud fallback
allow_cloud: true
vllm_endpoints:
${endpoint('generalist', [generalist.url, second.url], generalist.servedModelName)}
${locals.join('\n')}
${routing}
  orchestration: cloud
cloud_models:
  sim-deepseek: { provider: openai-compatible, model: deepseek-chat, base_url: "${cloud.openai.url}", api_key_env: BIOPIPELINES_SIM_CLOUD_KEY }
  sim-claude: { provider: anthropic, model: claude-3-5-sonnet-latest, base_url: "${cloud.anthropic.url}", api_key_env: BIOPIPELINES_SIM_CLOUD_KEY }
fallback: [sim-deepseek, sim-claude]
${tuning}
`,
  );
  writeFileSync(
    path.join(configDir, 'strategies', 'serve_phi.yaml'),
    `profile_name: serve_phi
description: PHI-safe, one generalist
allow_cloud: false
vllm_endpoints:
${endpoint('generalist', [generalist.url], generalist.servedModelName)}
${locals.join('\n')}
${routing}
${tuning}
`,
  );
  return {
    fleet,
    generalists: [generalist.handle, second],
    configDir,
    home,
    stop: async () => {
      await Promise.all([fleet.stop(), second.stop()]);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A running `biopipe serve` process. */
export interface ServeProcess {
  /** e.g. `http://127.0.0.1:41234`, read from the "listening on" line on stderr. */
  url: string;
  child: ChildProcessByStdio<Writable, Readable, Readable>;
  /** Everything written so far. */
  output(): { stdout: string; stderr: string };
  /** Sends a signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the built CLI as `biopipe --config-dir DIR --strategy NAME serve --port 0 ARGS` with a clean
 * environment, and waits for the address it prints on stderr.
 */
export async function startServe(
  fleet: Pick<ServeFleet, 'configDir' | 'home'>,
  options: { strategy: string; args?: readonly string[]; env?: Record<string, string>; nodeArgs?: readonly string[] },
): Promise<ServeProcess> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: fleet.home,
    BIOPIPELINES_STATE_DIR: path.join(fleet.home, 'state'),
    BIOPIPELINES_METRICS_PATH: path.join(fleet.home, 'routing_metrics.jsonl'),
    BIOPIPELINES_SIM_CLOUD_KEY: SIM_CLOUD_KEY,
    ...options.env,
  };
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      BIOPIPE_MAIN,
      '--config-dir',
      fleet.configDir,
      '--strategy',
      options.strategy,
      'serve',
      '--port',
      '0',
      ...(options.args ?? []),
    ],
    { env, cwd: fleet.home, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`biopipe serve printed no address within 20 s:\n${stderr}`)),
      20_000,
    );
    const onData = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.stderr.off('data', onData);
      resolve(match[1]);
    };
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`biopipe serve exited with ${code} before listening:\n${stderr}`));
    });
  });
  return {
    url,
    child,
    output: () => ({ stdout, stderr }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last result. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
