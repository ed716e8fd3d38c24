import path from 'node:path';
import { runProcess, type ProcessResult } from '@biopipe/core/testing';

/** The built CLI, run as a real process the way users run it. */
export const BIOPIPE_MAIN = path.resolve(import.meta.dirname, '../dist/main.js');

export type CliResult = ProcessResult;

/** Runs `biopipe ARGS` with a clean environment (plus `env`) and collects its output. */
export function runBiopipe(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  return runProcess(process.execPath, [BIOPIPE_MAIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}
