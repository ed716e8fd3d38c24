import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { listJobs } from './support/local-cluster.js';
import { runMonitorOnce, type MonitorProcess } from './support/monitor-process.js';
import { useMonitorSuite } from './support/monitor-suite.js';
import { waitFor } from './support/test-fleet.js';

const suite = useMonitorSuite({ prefix: 'mon', roles: [{ name: 'coder' }, { name: 'math' }] });

const stateFile = (): string => path.join(suite.fleet.stateDirectory, 'health-monitor', 'state.json');
const activeJobs = (role: string) =>
  listJobs(`${suite.fleet.prefix}${role}`).filter((row) => ['PENDING', 'RUNNING', 'CONFIGURING'].includes(row.state));
const monitorArgs = [
  '--fleet',
  '',
  '--interval',
  '2s',
  '--startup-grace',
  '1m',
  '--backoff',
  '1s',
  '--check-timeout',
  '2s',
];
const args = (extra: string[] = []): string[] => {
  const list = [...monitorArgs, ...extra];
  list[1] = suite.fleet.fleetFile;
  return list;
};
const env = (): Record<string, string> => suite.env();

/** Waits for a round of `monitor` in which every role was healthy. */
const healthyRound = (monitor: MonitorProcess, what: string): Promise<true> =>
  waitFor(
    what,
    () =>
      monitor.logs.some((line) => line['message'] === 'round done' && line['healthy'] === true) ? true : undefined,
    60_000,
  );

/** Waits for a coder job other than `oldJobId`, coder healthy under it and the recovered alert; returns the new job. */
async function coderReplaced(oldJobId: string | undefined, submitTimeoutMs: number) {
  const replacement = await waitFor(
    'a new coder job',
    () => activeJobs('coder').find((row) => row.jobId !== oldJobId),
    submitTimeoutMs,
  );
  await waitFor(
    'coder healthy under the new job',
    () => (suite.fleet.entries('coder').some((entry) => entry.job_id === replacement.jobId) ? true : undefined),
    60_000,
  );
  await waitFor(
    'the recovered alert',
    () => (suite.webhook.texts.some((text) => text.includes('coder recovered')) ? true : undefined),
    30_000,
  );
  return replacement;
}

describe('health-monitor on the local Slurm cluster', () => {
  it('leaves a pending job alone: --once reports the fleet unhealthy and submits nothing for it', async () => {
    const pending = suite.fleet.submit('math', ['--begin=now+1hour']);
    suite.fleet.submit('coder');
    await waitFor('coder published', () => (suite.fleet.entries('coder').length > 0 ? true : undefined));
    const { code, messages } = await runMonitorOnce(args(['--once']), env());
    expect(code).toBe(1);
    expect(messages).not.toContainEqual(expect.stringMatching(/^submitted job/));
    expect(activeJobs('math')).toEqual([
      expect.objectContaining({ jobId: pending, state: 'PENDING', reason: 'BeginTime' }),
    ]);
    const state = JSON.parse(readFileSync(stateFile(), 'utf8')) as { roles: Record<string, { status: string }> };
    expect(state.roles['math']?.status).toBe('pending');
    expect(state.roles['coder']?.status).toBe('healthy');
    spawnSync('scancel', [pending]);
    await waitFor('the pending job gone', () => (activeJobs('math').length === 0 ? true : undefined));
  }, 90_000);

  it('--dry-run changes nothing: no job, no state written, no alert posted', async () => {
    const before = statSync(stateFile()).mtimeMs;
    const { code, messages } = await runMonitorOnce(args(['--once', '--dry-run']), env());
    expect(code).toBe(1);
    expect(messages).toContainEqual('would submit a job (dry run)');
    expect(activeJobs('math')).toEqual([]);
    expect(statSync(stateFile()).mtimeMs).toBe(before);
    expect(suite.webhook.texts).toEqual([]);
  }, 60_000);

  it('two monitors cannot run at once; SIGTERM finishes the round, exits 0 and frees the lock', async () => {
    const first = suite.startMonitor(args(['--metrics-port', '0']), env());
    await waitFor(
      'the first monitor round',
      () => (first.messages().includes('round done') ? true : undefined),
      30_000,
    );
    const second = await runMonitorOnce(args(['--once']), env());
    expect(second.code).toBe(75);
    expect(second.messages.join('\n')).toMatch(
      new RegExp(`Another health monitor is running \\(pid ${first.child.pid}`),
    );
    expect(first.child.exitCode).toBeNull();
    // The first monitor resubmitted math (no job) and brings it up.
    await healthyRound(first, 'a round with math healthy again');
    expect(await first.stop()).toBe(0);
    expect(first.messages().at(-1)).toBe('stopping: the last round is done');
    expect(existsSync(path.join(suite.fleet.stateDirectory, 'health-monitor', 'health-monitor.lock'))).toBe(false);
  }, 120_000);

  it('resubmits a job cancelled from outside and the role is healthy again, with one alert per change', async () => {
    suite.webhook.texts.length = 0;
    const monitor = suite.startMonitor(args(), env());
    try {
      await runCancelledJobScenario(monitor);
    } finally {
      expect(await monitor.stop()).toBe(0);
    }
  }, 150_000);

  async function runCancelledJobScenario(monitor: MonitorProcess): Promise<void> {
    await healthyRound(monitor, 'a first round with both roles healthy');
    const [victim] = activeJobs('coder');
    expect(victim).toBeDefined();
    spawnSync('scancel', [victim?.jobId ?? '']);
    const replacement = await coderReplaced(victim?.jobId, 30_000);
    expect(suite.webhook.texts).toEqual([
      expect.stringMatching(
        new RegExp(`^\\[biopipe fleet\\] coder is down; restarting: job ${victim?.jobId} CANCELLED`),
      ),
      expect.stringMatching(new RegExp(`^\\[biopipe fleet\\] coder recovered: job ${replacement.jobId} on `)),
    ]);
  }

  it('restarts a running job whose server hangs, after K consecutive failed checks (scancel + sbatch)', async () => {
    suite.webhook.texts.length = 0;
    const monitor = suite.startMonitor(args(['--failures', '2']), env());
    await healthyRound(monitor, 'a round with both roles healthy');
    const [hung] = activeJobs('coder');
    const pid = Number(
      [...suite.fleet.jobLog('coder', hung?.jobId ?? '').matchAll(/started vLLM \(pid (\d+)\)/g)].at(-1)?.[1],
    );
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGSTOP');
    try {
      await coderReplaced(hung?.jobId, 60_000);
    } finally {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // Already gone: Slurm killed it with the cancelled job.
      }
    }
    expect(monitor.logs.find((line) => typeof line['cancelled_job_id'] === 'string')?.['cancelled_job_id']).toBe(
      hung?.jobId,
    );
    expect(suite.webhook.texts).toEqual([
      expect.stringMatching(/coder is down; restarting: job \d+ on \S+: http:\/\/\S+ (timeout|unreachable)/),
      expect.stringMatching(/coder recovered/),
    ]);
    expect(await monitor.stop()).toBe(0);
  }, 180_000);
});
