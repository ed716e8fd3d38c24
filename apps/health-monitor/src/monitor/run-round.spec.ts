import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fleetManifestSchema, silentLogger } from '@biopipe/core';
import type { SlurmJob } from '../slurm/slurm-job.js';
import { createSlurmJob } from '../slurm/testing/create-slurm-job.js';
import { AlertNotifier } from './alert-notifier.js';
import { MonitorMetrics } from './monitor-metrics.js';
import { DEFAULT_MONITOR_SETTINGS } from './monitor-settings.js';
import { ResetRequests } from './reset-requests.js';
import type { EndpointCheck } from './role-observation.js';
import { runRound, type RoundDependencies } from './run-round.js';
import { StateStore } from './state-store.js';

const manifest = fleetManifestSchema.parse({
  defaults: { job_name_prefix: 'test-vllm-' },
  roles: {
    coder: { model: 'm/coder', served_model_name: 'coder', port: 8002, max_model_len: 10, vram_gb: 1 },
    math: { model: 'm/math', served_model_name: 'math', port: 8003, max_model_len: 10, vram_gb: 1 },
  },
});
const me = { userId: 1000, userName: 'alice' };
const job = (overrides: Partial<SlurmJob>): SlurmJob =>
  createSlurmJob({ name: 'test-vllm-coder', ...me, ...overrides });

let directory: string;
let calls: string[];
let jobs: SlurmJob[];
let alerts: string[];
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'monitor-round-'));
  calls = [];
  jobs = [];
  alerts = [];
});

/** A real notifier whose log keeps the alerts, as `kind: message`. */
function recordingNotifier(): AlertNotifier {
  const keep = (message: string, fields?: Record<string, unknown>): void => {
    if (fields?.['event'] === 'alert') alerts.push(`${String(fields['alert'])}: ${message}`);
  };
  return new AlertNotifier({ logger: { ...silentLogger, info: keep, warn: keep } });
}
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function dependencies(overrides: Partial<RoundDependencies> = {}): RoundDependencies {
  let next = 100;
  return {
    manifest,
    settings: { ...DEFAULT_MONITOR_SETTINGS, startupGraceMs: 0, failureThreshold: 1 },
    slurm: {
      listJobs: async () => jobs,
      cancel: async (jobId) => void calls.push(`scancel ${jobId}`),
    },
    submitJob: async (role) => {
      calls.push(`sbatch ${role}`);
      return String((next += 1));
    },
    checkEndpoint: async (url): Promise<EndpointCheck> => ({
      url,
      state: url.includes('bad') ? 'unreachable' : 'healthy',
      latencyMs: 1,
      detail: '',
    }),
    owner: me,
    registryDirectory: path.join(directory, 'endpoints'),
    stateStore: new StateStore(path.join(directory, 'state.json'), silentLogger),
    resetRequests: new ResetRequests(path.join(directory, 'reset-requests')),
    notifier: recordingNotifier(),
    metrics: new MonitorMetrics(),
    logger: silentLogger,
    dryRun: false,
    now: () => new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

describe('runRound', () => {
  it("judges only its own jobs: another user's job of the same name is neither counted nor touched", async () => {
    jobs = [
      job({ jobId: '7', name: 'test-vllm-math', userId: 1001, userName: 'bob' }),
      job({ jobId: '8', node: 'n1' }),
    ];
    const result = await runRound(dependencies());
    expect(calls).toEqual(['sbatch math']);
    expect(result.roles['coder']?.status).toBe('healthy');
    expect(result.roles['math']).toMatchObject({ status: 'restarting', submitted_job_id: '101' });
    expect(result.healthy).toBe(false);
  });

  it('cancels its own failing job before resubmitting, and remembers counters across monitor restarts', async () => {
    jobs = [job({ jobId: '8', node: 'bad' }), job({ jobId: '9', name: 'test-vllm-math' })];
    await runRound(dependencies());
    expect(calls).toEqual(['scancel 8', 'sbatch coder']);
    const reloaded = new StateStore(path.join(directory, 'state.json'), silentLogger).load();
    expect(reloaded.roles['coder']).toMatchObject({
      status: 'restarting',
      restarts: ['2026-01-01T00:00:00.000Z'],
      submitted_job_id: '101',
    });
  });

  it('changes nothing in a dry run: no sbatch or scancel, no state file, reset requests left in place', async () => {
    jobs = [job({ jobId: '8', node: 'bad' })];
    const deps = dependencies({ dryRun: true });
    deps.resetRequests.request('coder');
    const result = await runRound(deps);
    expect(calls).toEqual([]);
    expect(existsSync(path.join(directory, 'state.json'))).toBe(false);
    expect(deps.resetRequests.pending()).toEqual(['coder']);
    expect(result.roles['coder']?.status).toBe('restarting');
  });

  it('applies a reset request: the role starts from a clean state', async () => {
    const deps = dependencies();
    deps.stateStore.save(
      {
        schema_version: 1,
        roles: {
          math: {
            status: 'gave_up',
            incident: 'gave_up',
            consecutive_failures: 0,
            restarts: [],
            detail: '',
            submit_failed: false,
          },
        },
      },
      new Date(),
    );
    deps.resetRequests.request('math');
    jobs = [job({ jobId: '8' })];
    await runRound(deps);
    expect(calls).toEqual(['sbatch math']);
    expect(deps.resetRequests.pending()).toEqual([]);
  });

  it('judges nobody when squeue fails, and reports the fleet unhealthy', async () => {
    const result = await runRound(
      dependencies({
        slurm: { listJobs: async () => Promise.reject(new Error('slurmctld down')), cancel: async () => undefined },
      }),
    );
    expect(result.healthy).toBe(false);
    expect(calls).toEqual([]);
  });

  it('alerts once that Slurm cannot be reached after N failed listings in a row, and once when it can again', async () => {
    let reachable = false;
    const deps = dependencies({
      settings: { ...DEFAULT_MONITOR_SETTINGS, slurmFailureThreshold: 2 },
      slurm: {
        listJobs: async () => (reachable ? jobs : Promise.reject(new Error('squeue --json reported errors: x'))),
        cancel: async (jobId) => void calls.push(`scancel ${jobId}`),
      },
    });
    for (let round = 0; round < 4; round += 1) await runRound(deps);
    expect(calls).toEqual([]);
    expect(alerts).toEqual([
      'slurm-unreachable: Slurm cannot be reached: 2 rounds in a row could not list jobs (squeue --json reported errors: x). No role is judged, submitted or cancelled until it can.',
    ]);
    reachable = true;
    jobs = [job({ jobId: '8' }), job({ jobId: '9', name: 'test-vllm-math' })];
    await runRound(deps);
    await runRound(deps);
    expect(alerts.slice(1)).toEqual(['slurm-reachable: Slurm can be reached again after 4 failed rounds.']);
    expect(calls).toEqual([]);
  });

  it('lists again right before submitting, and submits nothing when a job of the role appeared meanwhile', async () => {
    let listings = 0;
    const deps = dependencies({
      slurm: {
        listJobs: async () => {
          listings += 1;
          return listings === 1
            ? [job({ jobId: '8' })]
            : [job({ jobId: '8' }), job({ jobId: '12', name: 'test-vllm-math', phase: 'pending', state: 'PENDING' })];
        },
        cancel: async (jobId) => void calls.push(`scancel ${jobId}`),
      },
    });
    deps.stateStore.save(
      {
        schema_version: 1,
        roles: {
          math: {
            status: 'down',
            incident: 'down',
            consecutive_failures: 0,
            restarts: [],
            detail: 'no job',
            submit_failed: false,
            last_check_at: '2025-12-31T23:55:00.000Z',
          },
        },
      },
      new Date(),
    );
    const result = await runRound(deps);
    expect(listings).toBe(2);
    expect(calls).toEqual([]);
    expect(result.roles['math']).toMatchObject({
      status: 'down',
      incident: 'down',
      restarts: [],
      last_check_at: '2026-01-01T00:00:00.000Z',
    });
    expect(result.roles['math']?.detail).toMatch(/job 12 \(PENDING\) appeared; not submitting another/);
  });

  it('submits nothing when the listing right before submitting fails', async () => {
    let listings = 0;
    const deps = dependencies({
      slurm: {
        listJobs: async () => {
          listings += 1;
          return listings === 1 ? [job({ jobId: '8' })] : Promise.reject(new Error('squeue timed out'));
        },
        cancel: async (jobId) => void calls.push(`scancel ${jobId}`),
      },
    });
    const result = await runRound(deps);
    expect(calls).toEqual([]);
    expect(result.roles['math']).toMatchObject({ restarts: [] });
  });

  it('cancels the newer of two running jobs of a role, keeps the older, and alerts once', async () => {
    jobs = [job({ jobId: '8' }), job({ jobId: '15' }), job({ jobId: '9', name: 'test-vllm-math' })];
    const result = await runRound(dependencies());
    expect(calls).toEqual(['scancel 15']);
    expect(result.roles['coder']).toMatchObject({ status: 'healthy', healthy_job_id: '8' });
    expect(alerts).toEqual([
      'duplicate-job: coder had 2 jobs (8 RUNNING, 15 RUNNING); kept 8 and cancelled the newer 15',
    ]);
  });

  it('does not count a failed sbatch as a restart, and alerts once that the submission failed', async () => {
    jobs = [job({ jobId: '8' })];
    const deps = dependencies({
      submitJob: async () => Promise.reject(new Error('sbatch exited with 1: sbatch: error: invalid partition')),
    });
    const first = await runRound(deps);
    expect(first.roles['math']).toMatchObject({ status: 'down', incident: 'down', restarts: [], submit_failed: true });
    await runRound(deps);
    const third = await runRound(deps);
    expect(third.roles['math']).toMatchObject({ restarts: [] });
    expect(
      (await deps.metrics.registry.metrics()).match(/biopipe_fleet_role_restarts_total\{role="math"\} (\d+)/)?.[1] ??
        '0',
    ).toBe('0');
    expect(alerts).toEqual([
      'restart-failed: math is down and the restart failed: submitting a job failed: sbatch exited with 1: sbatch: error: invalid partition',
    ]);
  });

  it('alerts once when a job stays pending longer than --pending-alert', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    jobs = [
      job({ jobId: '8' }),
      job({
        jobId: '9',
        name: 'test-vllm-math',
        phase: 'pending',
        state: 'PENDING',
        reason: 'Resources',
        submittedAt: new Date('2025-12-31T23:50:00Z'),
      }),
    ];
    const deps = dependencies({
      settings: { ...DEFAULT_MONITOR_SETTINGS, pendingAlertMs: 30 * 60_000 },
      now: () => now,
    });
    await runRound(deps);
    expect(alerts).toEqual([]);
    now = new Date('2026-01-01T00:25:00Z');
    await runRound(deps);
    now = new Date('2026-01-01T00:30:00Z');
    await runRound(deps);
    expect(alerts).toEqual([
      'pending-long: math: job 9 has been PENDING for 35m (reason: Resources); check `scontrol show job 9`',
    ]);
    expect(calls).toEqual([]);
  });

  it('submits nothing once the monitor is stopping', async () => {
    jobs = [job({ jobId: '8' })];
    const controller = new AbortController();
    controller.abort();
    const result = await runRound(dependencies({ signal: controller.signal }));
    expect(calls).toEqual([]);
    expect(result.roles['math']).toMatchObject({ restarts: [] });
  });
});
