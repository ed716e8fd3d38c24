import { spawn } from 'node:child_process';
import path from 'node:path';

/** The built CLI, run as a real process the way users run it. */
export const BIOPIPE_MAIN = path.resolve(import.meta.dirname, '../dist/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `biopipe ARGS` with a clean environment (plus `env`) and collects its output. */
export function runBiopipe(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIOPIPE_MAIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...options.env },
      cwd: options.cwd ?? process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
