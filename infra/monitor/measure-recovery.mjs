#!/usr/bin/env node
// Measures detection-to-healthy time on the local Slurm cluster: a role's job is cancelled from
// outside, the health monitor (short --interval) notices and resubmits, the new job starts the
// simulator and publishes it. For each trial it reports
//   detect  = cancel -> the monitor's `submitted job` log line (bounded by one interval)
//   start   = submission -> the new job's registry entry answers /health (the job's start time)
//   total   = cancel -> healthy again          (target: one interval + the job's start time)
// and, as the baseline measured in the same run, the start time of a job submitted by hand.
//   usage: node infra/monitor/measure-recovery.mjs [--trials 5] [--interval 5s]
// Needs root for the local cluster (infra/slurm/dev-cluster/start.sh) and built dists:
//   npx nx run health-monitor:build && npx nx run vllm-sim:build
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : fallback;
};
const trials = Number(option('--trials', '5'));
const interval = option('--interval', '5s');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const [, amount, unit] = /^(\d+(?:\.\d+)?)(s|m)$/.exec(interval) ?? [];
if (amount === undefined || !(trials > 0)) {
  console.error('usage: node infra/monitor/measure-recovery.mjs [--trials N] [--interval 5s|1m]');
  process.exit(2);
}
const intervalMs = Number(amount) * (unit === 'm' ? 60_000 : 1000);

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout.trim();
}

const cluster = spawnSync('bash', [path.join(root, 'infra/slurm/dev-cluster/start.sh')], { stdio: 'inherit' });
if (cluster.status !== 0) process.exit(1);

const directory = mkdtempSync(path.join(tmpdir(), 'measure-recovery-'));
const prefix = `measure-${process.pid}-`;
const registry = path.join(directory, 'state', 'endpoints');
writeFileSync(
  path.join(directory, 'fleet.yaml'),
  `defaults:\n  cpus: 1\n  memory: 200M\n  time_limit: "01:00:00"\n  job_name_prefix: ${prefix}\nroles:\n  probe:\n    model: test/probe\n    served_model_name: probe\n    port: ${await freePort()}\n    max_model_len: 2048\n    vram_gb: 1\n`,
);
const env = {
  BIOPIPELINES_STATE_DIR: path.join(directory, 'state'),
  BIOPIPELINES_FLEET_FILE: path.join(directory, 'fleet.yaml'),
  BIOPIPELINES_SLURM_GPUS: '0',
  VLLM_BIN: path.join(root, 'tools/vllm-sim/bin/vllm'),
};

/** The registry entry of the probe role whose server answers /health, other than `exceptJob`. */
async function healthyEntry(exceptJob) {
  let files = [];
  try {
    files = readdirSync(registry).filter((name) => name.endsWith('.json'));
  } catch {
    return undefined;
  }
  for (const file of files) {
    const entry = JSON.parse(readFileSync(path.join(registry, file), 'utf8'));
    if (entry.job_id === exceptJob) continue;
    const response = await fetch(`${entry.url}/health`).catch(() => undefined);
    if (response?.status === 200) return entry;
  }
  return undefined;
}

async function waitHealthy(exceptJob, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entry = await healthyEntry(exceptJob);
    if (entry !== undefined) return entry;
    if (Date.now() > deadline) throw new Error('the role did not become healthy within 2 minutes');
    await sleep(50);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => (ms / 1000).toFixed(2);
let monitor;
try {
  // Baseline: a job submitted by hand, from sbatch to healthy.
  const baselineStart = Date.now();
  const first = run('bash', [path.join(root, 'infra/slurm/slurm_vllm_job.sh'), 'probe'], env);
  await waitHealthy(undefined);
  const baselineMs = Date.now() - baselineStart;

  const logs = [];
  monitor = spawn(
    process.execPath,
    [
      path.join(root, 'apps/health-monitor/dist/main.js'),
      '--interval',
      interval,
      '--backoff',
      '0s',
      '--max-restarts',
      String(trials + 2),
    ],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  monitor.stderr.on('data', (chunk) => {
    for (const line of chunk.toString().split('\n'))
      if (line.trim() !== '') logs.push({ at: Date.now(), ...JSON.parse(line) });
  });
  let current = first;
  const rows = [];
  for (let trial = 1; trial <= trials; trial += 1) {
    // Cancel at a random point of the monitor's cycle, as a real failure would happen.
    await sleep(Math.random() * intervalMs);
    const cancelled = Date.now();
    run('scancel', [current]);
    const entry = await waitHealthy(current);
    const healthy = Date.now();
    const submitted = logs.find((line) => line.at >= cancelled && line.message === `submitted job ${entry.job_id}`);
    const detect = (submitted?.at ?? healthy) - cancelled;
    rows.push({ detect, start: healthy - cancelled - detect, total: healthy - cancelled });
    console.log(
      `trial ${trial}: cancelled job ${current}; detect ${seconds(detect)} s, start ${seconds(healthy - cancelled - detect)} s, total ${seconds(healthy - cancelled)} s (new job ${entry.job_id})`,
    );
    current = entry.job_id;
    // Let the monitor see the role healthy again before the next trial.
    const recovered = Date.now();
    while (!logs.some((line) => line.at >= recovered && line.message === 'round done' && line.healthy === true))
      await sleep(100);
  }
  console.log(`\nbaseline: a job submitted by hand is healthy after ${seconds(baselineMs)} s (sbatch -> /health)`);
  console.log(
    `median of ${trials}: detect ${seconds(median(rows.map((row) => row.detect)))} s, start ${seconds(median(rows.map((row) => row.start)))} s, total ${seconds(median(rows.map((row) => row.total)))} s`,
  );
  console.log(
    `max: total ${seconds(Math.max(...rows.map((row) => row.total)))} s; target (interval ${interval} + baseline start): ${seconds(intervalMs + baselineMs)} s`,
  );
} finally {
  if (monitor !== undefined && monitor.exitCode === null) {
    monitor.kill('SIGTERM');
    await new Promise((resolve) => monitor.once('exit', resolve));
  }
  const jobs = spawnSync('squeue', ['-h', '-o', '%i|%j'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes(`|${prefix}`))
    .map((line) => line.split('|')[0].trim());
  if (jobs.length > 0) spawnSync('scancel', jobs);
  rmSync(directory, { recursive: true, force: true });
}
