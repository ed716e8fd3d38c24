import { describe, expect, it } from '@jest/globals';
import { SlurmAdapter, SlurmCommandError, type CommandResult, type CommandRunner } from './slurm-adapter.js';

function recordingRunner(results: CommandResult[]): {
  run: CommandRunner;
  calls: { command: string; args: readonly string[]; env: unknown }[];
} {
  const calls: { command: string; args: readonly string[]; env: unknown }[] = [];
  const run: CommandRunner = async (command, args, options) => {
    calls.push({ command, args, env: options?.env });
    return results.shift() ?? { exitCode: 0, stdout: '', stderr: '' };
  };
  return { run, calls };
}

describe('SlurmAdapter', () => {
  it('lists jobs with squeue --json --states=all', async () => {
    const { run, calls } = recordingRunner([
      { exitCode: 0, stdout: '{"jobs":[{"job_id":7,"name":"a","job_state":"RUNNING"}]}', stderr: '' },
    ]);
    const jobs = await new SlurmAdapter(run).listJobs();
    expect(calls).toEqual([{ command: 'squeue', args: ['--json', '--states=all'], env: undefined }]);
    expect(jobs[0]).toMatchObject({ jobId: '7', phase: 'running' });
  });

  it('submits with --parsable, options before the script, and returns the job id without the cluster name', async () => {
    const { run, calls } = recordingRunner([{ exitCode: 0, stdout: '42;cluster\n', stderr: '' }]);
    const jobId = await new SlurmAdapter(run).submit(['--job-name=x'], '/repo/job.sh', ['coder'], {
      BIOPIPELINES_HOME: '/repo',
    });
    expect(jobId).toBe('42');
    expect(calls[0]).toEqual({
      command: 'sbatch',
      args: ['--parsable', '--job-name=x', '/repo/job.sh', 'coder'],
      env: { BIOPIPELINES_HOME: '/repo' },
    });
  });

  it('cancels with scancel', async () => {
    const { run, calls } = recordingRunner([]);
    await new SlurmAdapter(run).cancel('5');
    expect(calls.map((call) => [call.command, ...call.args])).toEqual([['scancel', '5']]);
  });

  it('turns a failing command into a SlurmCommandError that carries its stderr', async () => {
    const { run } = recordingRunner([
      { exitCode: 1, stdout: '', stderr: 'sbatch: error: invalid partition specified: t4flex\n' },
    ]);
    const attempt = new SlurmAdapter(run).submit([], 'job.sh', []);
    await expect(attempt).rejects.toThrow(SlurmCommandError);
    await expect(
      new SlurmAdapter(
        recordingRunner([{ exitCode: 1, stdout: '', stderr: 'sbatch: error: invalid partition specified: t4flex\n' }])
          .run,
      ).submit([], 'job.sh', []),
    ).rejects.toThrow('sbatch exited with 1: sbatch: error: invalid partition specified: t4flex');
  });

  it('rejects sbatch output that is not a job id', async () => {
    const { run } = recordingRunner([{ exitCode: 0, stdout: 'Submitted batch job 5\n', stderr: '' }]);
    await expect(new SlurmAdapter(run).submit([], 'job.sh', [])).rejects.toThrow(
      /unexpected output "Submitted batch job 5"/,
    );
  });
});
