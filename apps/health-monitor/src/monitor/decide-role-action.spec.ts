import { describe, expect, it } from '@jest/globals';
import type { SlurmJob } from '../slurm/slurm-job.js';
import { createSlurmJob } from '../slurm/testing/create-slurm-job.js';
import { decideRoleAction } from './decide-role-action.js';
import { DEFAULT_MONITOR_SETTINGS, type MonitorSettings } from './monitor-settings.js';
import type { EndpointCheck, RoleObservation } from './role-observation.js';
import { initialRoleState, type RoleState } from './role-state.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const settings: MonitorSettings = {
  ...DEFAULT_MONITOR_SETTINGS,
  failureThreshold: 3,
  startupGraceMs: 60_000,
  backoffMs: 60_000,
  maxBackoffMs: 600_000,
  maxRestartsPerHour: 3,
};

const job = (overrides: Partial<SlurmJob> = {}): SlurmJob =>
  createSlurmJob({ jobId: '10', startedAt: T0, ...overrides });
const check = (state: EndpointCheck['state']): EndpointCheck => ({
  url: 'http://n1:8002',
  state,
  latencyMs: 3,
  detail: state === 'healthy' ? '' : 'ECONNREFUSED',
});
const running = (state: EndpointCheck['state'], overrides: Partial<SlurmJob> = {}): RoleObservation => ({
  kind: 'running',
  job: job(overrides),
  check: check(state),
});
const noJob = (): RoleObservation => ({ kind: 'no-job', lastJob: job({ state: 'CANCELLED', phase: 'finished' }) });

/** Runs observations through successive rounds, one per `step` seconds, and collects the results. */
function play(observations: RoleObservation[], options: { start?: RoleState; step?: number; from?: number } = {}) {
  let state = options.start ?? initialRoleState();
  return observations.map((observation, index) => {
    const decision = decideRoleAction({
      role: 'coder',
      observation,
      previous: state,
      settings,
      now: at((options.from ?? 0) + index * (options.step ?? 300)),
    });
    state = decision.state;
    return decision;
  });
}

describe('decideRoleAction', () => {
  it('leaves a pending job alone and raises no alert', () => {
    const [decision] = play([
      { kind: 'pending', job: job({ state: 'PENDING', phase: 'pending', reason: 'Resources' }) },
    ]);
    expect(decision).toMatchObject({
      action: { kind: 'none' },
      alert: undefined,
      state: { status: 'pending', incident: 'none' },
    });
  });

  it('counts nothing during the startup grace of a job that was never healthy', () => {
    const decisions = play([running('unreachable'), running('unreachable')], { step: 20 });
    expect(decisions.map((decision) => decision.state.status)).toEqual(['starting', 'starting']);
    expect(decisions.every((decision) => decision.action.kind === 'none')).toBe(true);
  });

  it('restarts a running job after K consecutive failures (scancel + sbatch), with one alert', () => {
    const decisions = play([running('healthy'), running('unreachable'), running('timeout'), running('unhealthy')], {
      from: 120,
    });
    expect(decisions.map((decision) => decision.state.status)).toEqual(['healthy', 'failing', 'failing', 'restarting']);
    expect(decisions.map((decision) => decision.state.consecutive_failures)).toEqual([0, 1, 2, 0]);
    expect(decisions[3]?.action).toEqual({ kind: 'cancel-and-submit', jobId: '10' });
    expect(decisions.map((decision) => decision.alert?.kind)).toEqual([undefined, undefined, undefined, 'restarting']);
  });

  it('a success between failures starts the count again', () => {
    const decisions = play(
      [running('healthy'), running('unreachable'), running('unreachable'), running('healthy'), running('unreachable')],
      { from: 120 },
    );
    expect(decisions.at(-1)?.state).toMatchObject({ status: 'failing', consecutive_failures: 1 });
  });

  it('resubmits a missing or finished job at once, then reports recovery once the new job is healthy', () => {
    const decisions = play([
      noJob(),
      { kind: 'pending', job: job({ jobId: '11', phase: 'pending', state: 'PENDING' }) },
      running('unreachable', { jobId: '11', startedAt: at(600) }),
      running('healthy', { jobId: '11', startedAt: at(600) }),
    ]);
    expect(decisions.map((decision) => decision.action.kind)).toEqual(['submit', 'none', 'none', 'none']);
    expect(decisions.map((decision) => decision.state.status)).toEqual([
      'restarting',
      'restarting',
      'starting',
      'healthy',
    ]);
    expect(decisions.map((decision) => decision.alert?.kind)).toEqual([
      'restarting',
      undefined,
      undefined,
      'recovered',
    ]);
    expect(decisions[0]?.alert?.message).toMatch(/^coder is down; restarting: job 10 CANCELLED/);
  });

  it('backs off between restarts, doubling, and says when the next one may happen', () => {
    const decisions = play([noJob(), noJob(), noJob(), noJob(), noJob()], { step: 40 });
    // restart at 0 s; the second waits 60 s (at 80 s); the third waits 120 s after it (at 200 s).
    expect(decisions.map((decision) => decision.action.kind)).toEqual(['submit', 'none', 'submit', 'none', 'none']);
    expect(decisions[1]?.state.detail).toMatch(/next restart not before 2026-01-01T00:01:00.000Z/);
    expect(decisions.map((decision) => decision.alert?.kind)).toEqual([
      'restarting',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('gives up at the hourly cap with exactly one alert, and stops touching the role', () => {
    const decisions = play(Array.from({ length: 8 }, noJob), { step: 600 });
    expect(decisions.filter((decision) => decision.action.kind !== 'none')).toHaveLength(3);
    expect(decisions.map((decision) => decision.alert?.kind).filter(Boolean)).toEqual(['restarting', 'gave-up']);
    expect(
      decisions.slice(3).every((decision) => decision.state.status === 'gave_up' && decision.action.kind === 'none'),
    ).toBe(true);
    expect(decisions[3]?.alert?.message).toMatch(
      /gave up restarting.*3 restarts within the hour \(cap 3\).*health-monitor --reset coder/,
    );
  });

  it('stays given up after the hour has passed, until the role is healthy again or reset', () => {
    const decisions = play(Array.from({ length: 4 }, noJob), { step: 600 });
    const gaveUp = decisions.at(-1)?.state as RoleState;
    const later = play([noJob(), noJob()], { start: gaveUp, from: 7200 });
    expect(later.map((decision) => [decision.action.kind, decision.state.status, decision.alert])).toEqual([
      ['none', 'gave_up', undefined],
      ['none', 'gave_up', undefined],
    ]);
    const healed = play([running('healthy', { jobId: '99' })], { start: gaveUp, from: 7200 });
    expect(healed[0]).toMatchObject({ state: { status: 'healthy', incident: 'none' }, alert: { kind: 'recovered' } });
    const reset = play([noJob()], { start: initialRoleState(), from: 7200 });
    expect(reset[0]?.action.kind).toBe('submit');
  });

  it('alerts "down" when a restart must wait for the backoff and nothing is restarting', () => {
    const start: RoleState = { ...initialRoleState(), restarts: [at(0).toISOString()], healthy_job_id: '10' };
    const [decision] = play([running('unreachable')], { start: { ...start, consecutive_failures: 2 }, from: 10 });
    expect(decision).toMatchObject({
      action: { kind: 'none' },
      state: { status: 'down', incident: 'down' },
      alert: { kind: 'down' },
    });
  });

  it('leaves a completing job alone', () => {
    const [decision] = play(
      [{ kind: 'ending', job: job({ state: 'CANCELLED', flags: ['COMPLETING'], phase: 'ending' }) }],
      { start: { ...initialRoleState(), status: 'healthy' } },
    );
    expect(decision).toMatchObject({ action: { kind: 'none' }, alert: undefined, state: { status: 'healthy' } });
  });

  it('forgets restarts older than an hour', () => {
    const start: RoleState = {
      ...initialRoleState(),
      restarts: [at(0).toISOString(), at(60).toISOString(), at(120).toISOString()],
    };
    const [decision] = play([noJob()], { start, from: 3700 });
    expect(decision?.action.kind).toBe('submit');
    expect(decision?.state.restarts).toHaveLength(2);
  });
});
