import { execFile } from 'node:child_process';
import { BiopipeError } from '@biopipe/core';
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

/** The real runner: `execFile`, 60 s timeout, at most 16 MiB of output. */
export const runCommand: CommandRunner = (command, args, options = {}) =>
  new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { env: { ...process.env, ...options.env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 127;
        resolve({ exitCode: code, stdout, stderr: error !== null && stderr === '' ? error.message : stderr });
      },
    );
  });

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
