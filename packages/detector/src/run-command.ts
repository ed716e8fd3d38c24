import { spawn } from 'node:child_process';
import type { Environment } from '@biopipe/core';

/** How a command ended. `missing`: not on PATH; `timeout`: killed at the deadline; `aborted`: killed on the signal. */
export type CommandOutcome =
  | { kind: 'exited'; code: number; stdout: string; stderr: string }
  | { kind: 'missing' }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'spawn-error'; message: string };

export interface RunCommandOptions {
  timeoutMs: number;
  /** The command's whole environment (not added to this process's). */
  env: Environment;
  /** Aborting kills the command's process group at once (e.g. the health monitor's SIGTERM). */
  signal?: AbortSignal;
  /** Output kept per stream; the rest is dropped so a runaway command cannot fill memory. @default 16 MiB */
  maxOutputBytes?: number;
}

/** Runs a command with a deadline (injectable, so unit tests need no processes). */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
) => Promise<CommandOutcome>;

const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/**
 * The one place biopipe starts a Slurm command (the detector's `sinfo`, the health monitor's
 * `squeue`, `sbatch` and `scancel`). The child gets its own process group, and at the deadline or
 * on abort the whole group is killed: killing only the child (as execFile's `timeout` does) leaves a
 * wrapper script's own children (a `sleep`, a hung `ssh`) holding the output pipes open, and the
 * caller waits for them however short its deadline.
 */
export const runCommand: CommandRunner = (command, args, options) =>
  new Promise((resolve) => {
    if (options.signal?.aborted === true) {
      resolve({ kind: 'aborted' });
      return;
    }
    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const child = spawn(command, [...args], {
      env: { ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const output = { stdout: '', stderr: '' };
    let settled = false;
    const settle = (outcome: CommandOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = (): void => {
      killGroup(child.pid);
      settle({ kind: 'aborted' });
    };
    const timer = setTimeout(() => {
      killGroup(child.pid);
      settle({ kind: 'timeout' });
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (output[stream].length < limit) output[stream] += chunk.toString().slice(0, limit - output[stream].length);
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    child.on('error', (error: NodeJS.ErrnoException) =>
      settle(error.code === 'ENOENT' ? { kind: 'missing' } : { kind: 'spawn-error', message: error.message }),
    );
    child.on('close', (code, signal) =>
      settle({ kind: 'exited', code: code ?? (signal === null ? 1 : 128), ...output }),
    );
  });
