import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSqueueJson } from './parse-squeue-json.js';

const fixture = (name: string): string => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('parseSqueueJson', () => {
  it('reads Slurm 22.05 output: job_state a string, exit_code the raw wait status (captured from the local cluster)', () => {
    const jobs = parseSqueueJson(fixture('squeue-22.05.json'));
    expect(jobs.map((job) => [job.jobId, job.name, job.userName, job.state, job.phase])).toEqual([
      ['5', 'biopipe-vllm-generalist', 'root', 'RUNNING', 'running'],
      ['6', 'biopipe-vllm-coder', 'root', 'PENDING', 'pending'],
      ['7', 'biopipe-vllm-math', 'root', 'FAILED', 'finished'],
      ['8', 'biopipe-vllm-embeddings', 'nobody', 'RUNNING', 'running'],
      ['9', 'biopipe-vllm-embeddings', 'root', 'CANCELLED', 'finished'],
    ]);
    const [running, pending, failed, foreign, cancelled] = jobs;
    expect(running).toMatchObject({
      node: 'vm',
      userId: 0,
      startedAt: new Date(1795633185 * 1000),
      exitStatus: 0,
      signal: undefined,
      restartCount: 0,
    });
    expect(pending).toMatchObject({ node: '', reason: 'BeginTime', startedAt: undefined });
    expect(failed).toMatchObject({ exitStatus: 3, signal: undefined, reason: 'NonZeroExitCode' });
    expect(foreign).toMatchObject({ userId: 65534, userName: 'nobody' });
    expect(cancelled).toMatchObject({ exitStatus: undefined, signal: 15 });
  });

  // No 23.02+ cluster is at hand: this fixture follows the published v0.0.40+ data_parser format
  // (job_state a list; exit_code, start_time and friends as {set, infinite, number} objects).
  it('reads Slurm 23.02+ output: job_state a list with flags, exit_code and times as objects', () => {
    const jobs = parseSqueueJson(fixture('squeue-24.11.json'));
    expect(jobs.map((job) => [job.jobId, job.state, job.flags, job.phase])).toEqual([
      ['41005', 'RUNNING', [], 'running'],
      ['41006', 'PENDING', ['REQUEUED'], 'pending'],
      ['41007', 'FAILED', [], 'finished'],
      ['41008', 'RUNNING', [], 'running'],
      ['41009', 'CANCELLED', ['COMPLETING'], 'ending'],
    ]);
    const [running, pending, failed, , cancelled] = jobs;
    expect(running).toMatchObject({
      node: 'gpu07',
      userId: 1000,
      startedAt: new Date(1795633185 * 1000),
      restartCount: 1,
      signal: undefined,
    });
    expect(pending).toMatchObject({ restartCount: 2, reason: 'BeginTime', startedAt: undefined });
    expect(failed).toMatchObject({ exitStatus: 3, signal: undefined });
    expect(cancelled).toMatchObject({ signal: 15 });
  });

  it('maps 22.05 flag-only states: COMPLETING is ending, REQUEUED and CONFIGURING are not dead', () => {
    const job = (state: unknown): unknown => ({ job_id: 1, name: 'x', job_state: state, exit_code: 0 });
    const phases = parseSqueueJson(
      JSON.stringify({
        jobs: [
          job('COMPLETING'),
          job('REQUEUED'),
          job('CONFIGURING'),
          job('SUSPENDED'),
          job('TIMEOUT'),
          job('SOMETHING_NEW'),
        ],
      }),
    ).map((parsed) => parsed.phase);
    expect(phases).toEqual(['ending', 'pending', 'pending', 'pending', 'finished', 'pending']);
  });

  it('throws a clear error for output that is not JSON or has no jobs list', () => {
    expect(() => parseSqueueJson('squeue: error: Invalid option')).toThrow(/not JSON/);
    expect(() => parseSqueueJson('{"errors": []}')).toThrow(/no "jobs" list/);
  });
});

describe('parseSqueueJson and errors', () => {
  // Captured from Slurm 22.05.8 with slurmctld stopped: exit status 0, after about 9 s.
  const unreachable = fixture('squeue-22.05-slurmctld-stopped.json');

  it('treats a listing with errors as a failed listing, not as "no jobs"', () => {
    expect(() => parseSqueueJson(unreachable)).toThrow(
      'squeue --json reported errors: Failed while looking for jobs: Unspecified error (errno -1)',
    );
  });

  it('reads an empty errors list as no error', () => {
    expect(parseSqueueJson('{"errors": [], "jobs": []}')).toEqual([]);
  });
});
