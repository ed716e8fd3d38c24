import { spawn } from 'node:child_process';

/** How a process ended and everything it wrote. */
export interface ProcessResult {
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  /** @default the test's working directory */
  cwd?: string;
  /** The whole environment of the process (callers choose a clean one or extend process.env). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed, so a command reading stdin never waits. @default '' */
  input?: string;
}

/**
 * Runs a command as a real process, without a shell, and resolves once it has exited and its output
 * is drained. Rejects only when it cannot start (e.g. ENOENT); a failing exit is a result to assert on.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? process.cwd(),
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A process that exits without reading stdin closes the pipe; that is not the test's failure.
    child.stdin.on('error', () => undefined);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
