import { BiopipeError } from '@biopipe/core';
import { runCommand as runProcessGroup } from '@biopipe/detector';
import { parseSqueueJson } from './parse-squeue-json.js';
import type { SlurmJob } from './slurm-job.js';

/** What a finished command printed and how it exited. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  /** Extra environment variables for the command (added to this process's environment). */
  env?: Readonly<Record<string, string>>;
}

/** Runs a command with arguments (no shell). Injected so unit tests need no Slurm. */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  options?: RunCommandOptions,
) => Promise<CommandResult>;

/** A Slurm command failed. */
export class SlurmCommandError extends BiopipeError {
  readonly command: string;
  readonly exitCode: number;
  constructor(command: string, result: CommandResult) {
    const detail = result.stderr.trim() || result.stdout.trim() || 'no output';
    super('internal', `${command} exited with ${result.exitCode}: ${detail}`, {
      hint: 'Check that Slurm is reachable from this host (`sinfo`), and the job script and fleet manifest.',
    });
    this.command = command;
    this.exitCode = result.exitCode;
  }
}

export interface CommandRunnerOptions {
  /** A Slurm command still running after this long is killed with its process group. @default 60000 */
  timeoutMs?: number;
  /** Aborted when the monitor stops: running commands are killed with their process group at once. */
  signal?: AbortSignal;
}

/** The real runner: the detector's process-group runner, its outcome told as an exit code and stderr. */
export function createCommandRunner(runnerOptions: CommandRunnerOptions = {}): CommandRunner {
  const timeoutMs = runnerOptions.timeoutMs ?? 60_000;
  return async (command, args, options = {}) => {
    const outcome = await runProcessGroup(command, args, {
      timeoutMs,
      env: { ...process.env, ...options.env },
      ...(runnerOptions.signal === undefined ? {} : { signal: runnerOptions.signal }),
    });
    switch (outcome.kind) {
      case 'exited':
        return { exitCode: outcome.code, stdout: outcome.stdout, stderr: outcome.stderr };
      case 'missing':
        return {
          exitCode: 127,
          stdout: '',
          stderr: `${command} is not on PATH (are the Slurm client tools installed?)`,
        };
      case 'timeout':
        return { exitCode: 124, stdout: '', stderr: `no answer within ${timeoutMs} ms; killed it and its children` };
      case 'aborted':
        return { exitCode: 130, stdout: '', stderr: 'stopped because the health monitor is shutting down' };
      case 'spawn-error':
        return { exitCode: 126, stdout: '', stderr: `could not be started: ${outcome.message}` };
    }
  };
}

/** The real runner with the default 60 s deadline. */
export const runCommand: CommandRunner = createCommandRunner();

/**
 * Everything the health monitor asks of Slurm, and the only code that runs Slurm commands. Jobs
 * come from `squeue --json` (Slurm 22.05 prints every job it remembers whatever the filters, so
 * callers filter by name and user themselves).
 */
export class SlurmAdapter {
  private readonly run: CommandRunner;

  constructor(run: CommandRunner = runCommand) {
    this.run = run;
  }

  /** Jobs slurmctld still remembers, finished ones included (for MinJobAge seconds). */
  async listJobs(): Promise<SlurmJob[]> {
    const result = await this.checked('squeue', ['--json', '--states=all']);
    return parseSqueueJson(result.stdout);
  }

  /** Submits a batch script; returns the new job id. */
  async submit(
    options: readonly string[],
    script: string,
    scriptArguments: readonly string[],
    env: Readonly<Record<string, string>> = {},
  ): Promise<string> {
    const result = await this.checked('sbatch', ['--parsable', ...options, script, ...scriptArguments], env);
    // `--parsable` prints "JOBID" or "JOBID;CLUSTER".
    const jobId = result.stdout.trim().split(';')[0] ?? '';
    if (!/^\d+$/.test(jobId))
      throw new SlurmCommandError('sbatch', {
        ...result,
        exitCode: 0,
        stderr: `unexpected output "${result.stdout.trim()}"`,
      });
    return jobId;
  }

  async cancel(jobId: string): Promise<void> {
    await this.checked('scancel', [jobId]);
  }

  private async checked(
    command: string,
    args: readonly string[],
    env?: Readonly<Record<string, string>>,
  ): Promise<CommandResult> {
    const result = await this.run(command, args, env === undefined ? {} : { env });
    if (result.exitCode !== 0) throw new SlurmCommandError(command, result);
    return result;
  }
}
