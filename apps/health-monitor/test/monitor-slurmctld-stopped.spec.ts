import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listJobs, workspace } from './support/local-cluster.js';
import type { MonitorProcess } from './support/monitor-process.js';
import { useMonitorSuite } from './support/monitor-suite.js';
import { waitFor } from './support/test-fleet.js';

let monitor: MonitorProcess | undefined;

const controllerUp = (): boolean => /is UP/.test(spawnSync('scontrol', ['ping'], { encoding: 'utf8' }).stdout);

/** Starts slurmctld again (start.sh is idempotent), whatever the test did. */
function restoreCluster(): void {
  if (controllerUp()) return;
  const result = spawnSync('bash', [path.join(workspace, 'infra/slurm/dev-cluster/start.sh')], { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`could not restart the local Slurm cluster:\n${result.stdout}${result.stderr}`);
}

/** Stops slurmctld (SIGTERM to the pid it wrote) and waits until it is gone; slurmd and the jobs keep running. */
async function stopController(): Promise<void> {
  const pid = Number(readFileSync('/run/slurmctld.pid', 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  await waitFor('slurmctld to exit', () => {
    try {
      process.kill(pid, 0);
      return undefined;
    } catch {
      return true;
    }
  });
}

const suite = useMonitorSuite({ prefix: 'ctl', roles: [{ name: 'coder' }], restore: restoreCluster });

const healthyRounds = (): number =>
  monitor?.logs.filter(
    (line) => line['message'] === 'round done' && (line['roles'] as Record<string, string>)['coder'] === 'healthy',
  ).length ?? 0;

describe('health-monitor while slurmctld is stopped (the real local cluster)', () => {
  it('submits and cancels nothing, alerts once that Slurm cannot be reached, and once that it can again', async () => {
    const jobId = suite.fleet.submit('coder');
    await waitFor('coder published', () => (suite.fleet.entries('coder').length > 0 ? true : undefined));
    monitor = suite.startMonitor(
      ['--fleet', suite.fleet.fleetFile, '--interval', '1s', '--slurm-failures', '2', '--check-timeout', '2s'],
      suite.env(),
    );
    await waitFor('a healthy round', () => (healthyRounds() >= 1 ? true : undefined));
    try {
      await stopController();
      // squeue 22.05 takes about 9 s to give up on an unreachable slurmctld, then exits 0 with "errors".
      await waitFor('the unreachable alert', () => (suite.webhook.texts.length >= 1 ? true : undefined), 90_000);
    } finally {
      restoreCluster();
    }
    // A round's endpoint check can pass while its squeue still waits on the stopped controller, so the
    // sign that Slurm answers again is the monitor's own alert, then one more healthy round.
    await waitFor('the reachable-again alert', () => (suite.webhook.texts.length >= 2 ? true : undefined), 90_000);
    const before = healthyRounds();
    await waitFor('a healthy round after the restart', () => (healthyRounds() > before ? true : undefined), 60_000);
    expect(await monitor.stop()).toBe(0);

    expect(monitor.messages()).not.toContainEqual(expect.stringMatching(/^submitted job|duplicate/));
    expect(
      listJobs(suite.fleet.prefix).filter((row) => ['PENDING', 'RUNNING', 'CONFIGURING'].includes(row.state)),
    ).toEqual([expect.objectContaining({ jobId, state: 'RUNNING' })]);
    expect(suite.webhook.texts).toEqual([
      expect.stringMatching(
        /^\[biopipe fleet\] Slurm cannot be reached: 2 rounds in a row could not list jobs \(squeue --json reported errors: Failed while looking for jobs/,
      ),
      expect.stringMatching(/^\[biopipe fleet\] Slurm can be reached again after \d+ failed rounds\.$/),
    ]);
  }, 330_000);
});
