#!/usr/bin/env node
// Starts vLLM servers the way a GPU node starts them, with infra/vllm/start_vllm_server.sh ROLE, each
// on a free loopback port, then runs the integration suite (tools/integration) against them through
// BIOPIPELINES_VLLM_URL, with BIOPIPELINES_VLLM_STOP set so the failover case can stop a server, and
// stops every server it started. By default `vllm` is the simulator's drop-in (tools/vllm-sim/bin/vllm)
// with two generalist replicas, as `npm run test:all` runs it, so this code path never rots; CI's GPU
// job runs the same script with the real binary:
//   run-integration-fleet.mjs [--vllm-bin BIN] [--roles generalist,embeddings] [--generalist-replicas N]
//                             [--report NAME] [--health-timeout-s S]
// The jest result goes to reports/jest/NAME.json (default integration-sim). Needs the builds of cli,
// health-monitor and vllm-sim.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml, stringify } from 'yaml';

const workspace = path.resolve(import.meta.dirname, '../..');
const simulator = path.join(workspace, 'tools/vllm-sim/bin/vllm');
const { values } = parseArgs({
  options: {
    'vllm-bin': { type: 'string', default: simulator },
    roles: { type: 'string' },
    'generalist-replicas': { type: 'string', default: '2' },
    report: { type: 'string', default: 'integration-sim' },
    'health-timeout-s': { type: 'string', default: '60' },
  },
});
const healthTimeoutMs = Number(values['health-timeout-s']) * 1000;
const replicas = Number(values['generalist-replicas']);
const scratch = mkdtempSync(path.join(tmpdir(), 'biopipe-integration-sim-'));
const manifest = parseYaml(readFileSync(path.join(workspace, 'config/fleet.yaml'), 'utf8'));
const servers = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts one role through the project's start script, on `port`, and records its pid by port. */
async function startRole(role, replica) {
  const port = await freePort();
  const fleetFile = path.join(scratch, `fleet-${role}-${replica}.yaml`);
  writeFileSync(
    fleetFile,
    stringify({ ...manifest, roles: { ...manifest.roles, [role]: { ...manifest.roles[role], port } } }),
  );
  const log = openSync(path.join(scratch, `${role}-${replica}.log`), 'w');
  const child = spawn('bash', [path.join(workspace, 'infra/vllm/start_vllm_server.sh'), role], {
    env: {
      ...process.env,
      VLLM_BIN: values['vllm-bin'],
      BIOPIPELINES_FLEET_FILE: fleetFile,
      // For the simulator: a prefill cost per prompt token, so a prefix-cache hit shows in time to
      // first token as it does on a GPU. A real vLLM ignores these.
      VLLM_SIM_TTFT_MS: '5',
      VLLM_SIM_PREFILL_PER_TOKEN_MS: '0.1',
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  writeFileSync(path.join(scratch, `${port}.pid`), `${child.pid}\n`);
  const server = {
    role,
    replica,
    url: `http://127.0.0.1:${port}`,
    child,
    exited: new Promise((resolve) => child.once('exit', resolve)),
  };
  servers.push(server);
  return server;
}

async function waitHealthy(server) {
  const deadline = Date.now() + healthTimeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) break;
    const ok = await fetch(`${server.url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const log = readFileSync(path.join(scratch, `${server.role}-${server.replica}.log`), 'utf8');
  throw new Error(`the simulated ${server.role} at ${server.url} did not become healthy:\n${log}`);
}

async function stopAll() {
  await Promise.all(
    servers.map(async (server) => {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
      await server.exited;
    }),
  );
}

let status = 1;
try {
  // Optional roles (`enabled: false`, e.g. the specialists) are not part of the fleet the suite targets.
  const roles = Object.keys(manifest.roles).filter((role) => manifest.roles[role].enabled !== false);
  const started = await Promise.all([...roles.map((role) => startRole(role, 1)), startRole('generalist', 2)]);
  await Promise.all(started.map(waitHealthy));
  const stopScript = path.join(scratch, 'stop.sh');
  // The suite runs this with VLLM_URL set; the pid file is keyed by the URL's port.
  writeFileSync(stopScript, `#!/bin/sh\nset -eu\nkill "$(cat "${scratch}/\${VLLM_URL##*:}.pid")"\n`);
  const result = await new Promise((resolve) => {
    const jest = spawn(
      process.execPath,
      [
        path.join(workspace, 'tools/scripts/run-jest.mjs'),
        'tools/integration',
        'integration-sim',
        '--runInBand',
        'tools/integration/test',
      ],
      {
        cwd: workspace,
        stdio: 'inherit',
        env: {
          ...process.env,
          BIOPIPELINES_VLLM_URL: started.map((server) => `${server.role}=${server.url}`).join(','),
          BIOPIPELINES_VLLM_STOP: `sh ${stopScript}`,
          BIOPIPELINES_FLEET_FILE: path.join(workspace, 'config/fleet.yaml'),
        },
      },
    );
    jest.once('exit', (code) => resolve(code ?? 1));
  });
  status = result;
} catch (error) {
  console.error(`run-integration-fleet: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await stopAll();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
