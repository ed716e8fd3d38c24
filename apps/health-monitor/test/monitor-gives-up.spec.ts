import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { listJobs } from './support/local-cluster.js';
import { runMonitorOnce, type MonitorProcess } from './support/monitor-process.js';
import { useMonitorSuite } from './support/monitor-suite.js';
import { waitFor } from './support/test-fleet.js';

// A misconfigured role: the server rejects its own command line and exits 2 on every start.
const suite = useMonitorSuite({ prefix: 'cap', roles: [{ name: 'broken', extraArgs: ['--max-num-seqs', 'zero'] }] });
let monitor: MonitorProcess | undefined;

const gaveUpRounds = (): number =>
  monitor?.logs.filter(
    (line) => line['message'] === 'round done' && (line['roles'] as Record<string, string>)['broken'] === 'gave_up',
  ).length ?? 0;

describe('health-monitor with a role that crashes on every start', () => {
  it('restarts it up to the hourly cap, then gives up with exactly one alert and touches it no more until reset', async () => {
    const env = suite.env({ BIOPIPELINES_MAX_CRASHES: '2' });
    monitor = suite.startMonitor(
      [
        '--fleet',
        suite.fleet.fleetFile,
        '--interval',
        '2s',
        '--max-restarts',
        '2',
        '--backoff',
        '1s',
        '--metrics-port',
        '0',
      ],
      env,
    );
    await waitFor('the monitor to give up', () => (gaveUpRounds() >= 1 ? true : undefined), 90_000);
    // The job script itself gave up after 2 crashes inside each allocation: every job FAILED.
    const jobs = listJobs(suite.fleet.prefix);
    expect(jobs).toHaveLength(2);
    expect(jobs.every((row) => row.state === 'FAILED')).toBe(true);
    expect(suite.fleet.jobLog('broken', jobs[0]?.jobId ?? '')).toMatch(
      /vLLM exited \(status 2\) 2 times within 600 s; giving up/,
    );

    await waitFor('three more rounds', () => (gaveUpRounds() >= 4 ? true : undefined), 30_000);
    expect(listJobs(suite.fleet.prefix)).toHaveLength(2);
    expect(suite.webhook.texts).toEqual([
      expect.stringMatching(/^\[biopipe fleet\] broken is down; restarting: no job/),
      expect.stringMatching(/^\[biopipe fleet\] broken: gave up restarting: .*2 restarts within the hour \(cap 2\)/),
    ]);

    const port = monitor.logs.find((line) => line['message'] === 'serving metrics')?.['port'];
    const metrics = await (await fetch(`http://127.0.0.1:${String(port)}/metrics`)).text();
    expect(metrics).toContain('biopipe_fleet_role_gave_up{role="broken"} 1');
    expect(metrics).toContain('biopipe_fleet_role_restarts_total{role="broken"} 2');
    expect(spawnSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8' }).status).toBe(0);

    // A restarted monitor remembers that it gave up: no job, no alert.
    expect(await monitor.stop()).toBe(0);
    const again = await runMonitorOnce(['--fleet', suite.fleet.fleetFile, '--once'], env);
    expect(again.code).toBe(1);
    expect(listJobs(suite.fleet.prefix)).toHaveLength(2);
    expect(suite.webhook.texts).toHaveLength(2);

    // A human acts: --reset, and the next round restarts the role.
    expect((await runMonitorOnce(['--fleet', suite.fleet.fleetFile, '--reset', 'broken'], env)).code).toBe(0);
    const afterReset = await runMonitorOnce(['--fleet', suite.fleet.fleetFile, '--once'], env);
    expect(afterReset.messages).toContainEqual('reset requested: counters, backoff and the gave-up mark cleared');
    expect(listJobs(suite.fleet.prefix)).toHaveLength(3);
    expect(suite.webhook.texts).toHaveLength(3);
    expect(suite.webhook.texts[2]).toMatch(/broken is down; restarting: job \d+ FAILED/);
  }, 180_000);
});
