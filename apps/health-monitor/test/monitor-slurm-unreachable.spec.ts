import { describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isProcessRunning } from '@biopipe/core/testing';
import type { MonitorProcess } from './support/monitor-process.js';
import { useMonitorSuite } from './support/monitor-suite.js';
import { waitFor } from './support/test-fleet.js';

// Slurm's commands here are fakes: the real cluster is not needed.
const suite = useMonitorSuite({ prefix: 'noctl', roles: [{ name: 'coder' }, { name: 'math' }], cluster: false });

/** A directory of fake Slurm commands (first on PATH); sbatch and scancel record their calls to `calls`. */
function fakeSlurm(name: string, squeueBody: string): { env: Record<string, string>; calls: string } {
  const directory = path.join(suite.fleet.directory, name);
  mkdirSync(directory, { recursive: true });
  const calls = path.join(directory, 'calls');
  const write = (command: string, body: string): void => {
    writeFileSync(path.join(directory, command), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(directory, command), 0o755);
  };
  write('squeue', squeueBody);
  write('sbatch', `echo "sbatch $*" >> ${calls}\necho 4242`);
  write('scancel', `echo "scancel $*" >> ${calls}`);
  return { env: { ...suite.fleet.env, PATH: `${directory}:${process.env['PATH'] ?? ''}` }, calls };
}

const count = (monitor: MonitorProcess, message: RegExp): number =>
  monitor.messages().filter((line) => message.test(line)).length;

describe('health-monitor when Slurm cannot list its jobs', () => {
  it('judges no role on a squeue that exits 0 with "errors" (Slurm 22.05, slurmctld down), and alerts once', async () => {
    // Captured from Slurm 22.05.8 with slurmctld stopped: exit status 0, after about 9 s.
    const errorJson = path.join(import.meta.dirname, '../src/slurm/fixtures/squeue-22.05-slurmctld-stopped.json');
    const slurm = fakeSlurm('errors', `cat '${errorJson}'`);
    const monitor = suite.startMonitor(
      ['--fleet', suite.fleet.fleetFile, '--interval', '200ms', '--slurm-failures', '3'],
      suite.env(slurm.env),
    );
    await waitFor('six failed rounds', () => (count(monitor, /^cannot list SLURM jobs/) >= 6 ? true : undefined));
    expect(await monitor.stop()).toBe(0);
    expect(existsSync(slurm.calls)).toBe(false);
    expect(monitor.messages()).not.toContainEqual(expect.stringMatching(/^submitted job|would submit/));
    expect(suite.webhook.texts).toEqual([
      expect.stringMatching(
        /^\[biopipe fleet\] Slurm cannot be reached: 3 rounds in a row could not list jobs \(squeue --json reported errors: Failed while looking for jobs: Unspecified error \(errno -1\)\)/,
      ),
    ]);
  }, 60_000);

  it('ends within the check timeout plus 5 s on SIGTERM while squeue hangs, killing squeue and its children', async () => {
    const pidFile = path.join(suite.fleet.directory, 'hanging-squeue.pid');
    const slurm = fakeSlurm('hanging', `sleep 600 &\necho $! > ${pidFile}\nwait`);
    const monitor = suite.startMonitor(
      ['--fleet', suite.fleet.fleetFile, '--interval', '1m', '--check-timeout', '1s'],
      slurm.env,
    );
    const sleepPid = await waitFor('squeue to start', () =>
      existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== ''
        ? Number(readFileSync(pidFile, 'utf8'))
        : undefined,
    );
    const stopped = Date.now();
    expect(await monitor.stop()).toBe(0);
    // The bound the service unit relies on: check timeout (1 s) plus 5 s.
    expect(Date.now() - stopped).toBeLessThan(6000);
    await waitFor('the sleep started by squeue to end', () => (isProcessRunning(sleepPid) ? undefined : true), 5000);
    expect(existsSync(slurm.calls)).toBe(false);
  }, 30_000);
});
