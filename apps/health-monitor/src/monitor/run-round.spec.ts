import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fleetManifestSchema, silentLogger } from '@biopipe/core';
import type { SlurmJob } from '../slurm/slurm-job.js';
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
const job = (overrides: Partial<SlurmJob>): SlurmJob => ({
  jobId: '1',
  name: 'test-vllm-coder',
  userId: 1000,
  userName: 'alice',
  state: 'RUNNING',
  flags: [],
  phase: 'running',
  reason: 'None',
  node: 'n1',
  startedAt: new Date(0),
  exitStatus: undefined,
  signal: undefined,
  restartCount: 0,
  ...overrides,
});

let directory: string;
let calls: string[];
let jobs: SlurmJob[];
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'monitor-round-'));
  calls = [];
  jobs = [];
});
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
    notifier: new AlertNotifier({ logger: silentLogger }),
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
        roles: { math: { status: 'gave_up', incident: 'gave_up', consecutive_failures: 0, restarts: [], detail: '' } },
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
});
