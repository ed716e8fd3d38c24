import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isProcessRunning } from '@biopipe/core/testing';
import { runCommand } from './run-command.js';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'run-command-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function waitForFile(file: string): Promise<string> {
  for (;;) {
    try {
      const text = readFileSync(file, 'utf8').trim();
      if (text !== '') return text;
    } catch {
      // Not written yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitUntilEnded(pid: number): Promise<boolean> {
  for (let tries = 0; tries < 100 && isProcessRunning(pid); tries += 1)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return !isProcessRunning(pid);
}

describe('runCommand with real processes', () => {
  it('kills the whole process group when aborted, a wrapper script and the sleep it started', async () => {
    const pidFile = path.join(directory, 'abort.pid');
    const controller = new AbortController();
    const running = runCommand('sh', ['-c', `sleep 600 & echo $! > ${pidFile}; wait`], {
      timeoutMs: 600_000,
      env: process.env,
      signal: controller.signal,
    });
    const sleepPid = Number(await waitForFile(pidFile));
    controller.abort();
    expect(await running).toEqual({ kind: 'aborted' });
    expect(await waitUntilEnded(sleepPid)).toBe(true);
  });

  it('kills the whole process group at the deadline', async () => {
    const pidFile = path.join(directory, 'timeout.pid');
    const outcome = await runCommand('sh', ['-c', `sleep 600 & echo $! > ${pidFile}; wait`], {
      timeoutMs: 300,
      env: process.env,
    });
    expect(outcome).toEqual({ kind: 'timeout' });
    expect(await waitUntilEnded(Number(await waitForFile(pidFile)))).toBe(true);
  });

  it('runs nothing when the signal is already aborted', async () => {
    const marker = path.join(directory, 'never');
    const controller = new AbortController();
    controller.abort();
    const outcome = await runCommand('touch', [marker], {
      timeoutMs: 1000,
      env: process.env,
      signal: controller.signal,
    });
    expect(outcome).toEqual({ kind: 'aborted' });
    expect(() => readFileSync(marker)).toThrow();
  });

  it('keeps at most maxOutputBytes of each stream', async () => {
    const script = path.join(directory, 'loud.sh');
    writeFileSync(script, 'head -c 100000 /dev/zero | tr "\\0" x\necho -n err >&2\n');
    const outcome = await runCommand('sh', [script], { timeoutMs: 10_000, env: process.env, maxOutputBytes: 1000 });
    expect(outcome).toEqual({ kind: 'exited', code: 0, stdout: 'x'.repeat(1000), stderr: 'err' });
  });

  it('tells a missing command from one that exits non-zero', async () => {
    expect(await runCommand('biopipe-no-such-command', [], { timeoutMs: 1000, env: process.env })).toEqual({
      kind: 'missing',
    });
    expect(
      await runCommand('sh', ['-c', 'echo out; echo bad >&2; exit 3'], { timeoutMs: 5000, env: process.env }),
    ).toEqual({ kind: 'exited', code: 3, stdout: 'out\n', stderr: 'bad\n' });
  });
});
