import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isProcessRunning } from '@biopipe/core/testing';
import { probeSlurm } from '../src/index.js';

const workspace = path.resolve(import.meta.dirname, '../../..');
const startScript = path.join(workspace, 'infra/slurm/dev-cluster/start.sh');
const stopScript = path.join(workspace, 'infra/slurm/dev-cluster/stop.sh');
let bin: string;
let startedCluster = false;

/** A directory holding one executable `sinfo` script, and a PATH that finds it first. */
function fakeSinfo(name: string, body: string): { PATH: string } {
  const directory = path.join(bin, name);
  spawnSync('mkdir', ['-p', directory]);
  writeFileSync(path.join(directory, 'sinfo'), `#!/bin/sh\n${body}\n`);
  chmodSync(path.join(directory, 'sinfo'), 0o755);
  return { PATH: `${directory}:/usr/bin:/bin` };
}

beforeAll(() => {
  bin = mkdtempSync(path.join(tmpdir(), 'biopipe-sinfo-'));
});
afterAll(() => {
  rmSync(bin, { recursive: true, force: true });
  if (startedCluster) spawnSync('bash', [stopScript], { stdio: 'inherit' });
});

describe('probeSlurm with real processes', () => {
  it('reports missing when sinfo is not on PATH', async () => {
    const status = await probeSlurm({ timeoutMs: 2000, env: { PATH: bin } });
    expect(status).toMatchObject({ state: 'missing', partitions: [], fleet_partition: { name: 't4flex', up: false } });
  });

  it('reports timeout for a sinfo that hangs, and kills it and its children at the deadline', async () => {
    const pidFile = path.join(bin, 'sleep.pid');
    const env = fakeSinfo('hanging', `sleep 60 &\necho $! > ${pidFile}\nwait`);
    // The fake sinfo waits on a 60 s sleep: only the deadline's kill lets the probe answer within the test's timeout.
    const status = await probeSlurm({ timeoutMs: 400, env });
    expect(status).toMatchObject({
      state: 'timeout',
      reason: 'sinfo did not answer within 400 ms (is slurmctld hanging?)',
    });
    const sleepPid = Number(readFileSync(pidFile, 'utf8'));
    for (let waited = 0; waited < 40 && isProcessRunning(sleepPid); waited += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isProcessRunning(sleepPid)).toBe(false);
  });

  it('reports failed with the last line of stderr for a sinfo that exits 1', async () => {
    const env = fakeSinfo(
      'failing',
      'echo "slurm_load_partitions: Unable to contact slurm controller (connect failure)" >&2\nexit 1',
    );
    expect(await probeSlurm({ timeoutMs: 2000, env })).toMatchObject({
      state: 'failed',
      reason: 'sinfo exited 1: slurm_load_partitions: Unable to contact slurm controller (connect failure)',
    });
  });
});

describe('probeSlurm against the local Slurm cluster', () => {
  beforeAll(async () => {
    const before = await probeSlurm({ timeoutMs: 5000 });
    if (before.state === 'available') return;
    if (process.env['CI'] === 'true') {
      throw new Error(
        `The local Slurm cluster is not up (${before.reason}); CI must start it before the tests with: bash infra/slurm/dev-cluster/start.sh`,
      );
    }
    if (!existsSync(startScript)) {
      throw new Error(
        `The local Slurm cluster is not up (${before.reason}) and ${path.relative(workspace, startScript)} does not exist to start it.`,
      );
    }
    const result = spawnSync('bash', [startScript], { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(
        `Starting the local Slurm cluster failed (exit ${result.status}):\n${result.stdout}${result.stderr}`,
      );
    startedCluster = true;
  }, 60_000);

  it('lists the t4flex and debug partitions and says t4flex is up', async () => {
    const status = await probeSlurm({ timeoutMs: 5000 });
    expect(status.state).toBe('available');
    expect(status.partitions.map((partition) => partition.name).sort()).toEqual(['debug', 't4flex']);
    expect(status.fleet_partition).toEqual({ name: 't4flex', up: true });
    expect(status.reason).toMatch(/t4flex up/);
  });
});
