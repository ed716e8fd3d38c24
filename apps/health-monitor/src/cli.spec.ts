import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runHealthMonitor } from './cli.js';
import { acquireInstanceLock } from './monitor/instance-lock.js';

let stateDirectory: string;
let stderr: PassThrough;
let output: string;
beforeEach(() => {
  stateDirectory = mkdtempSync(path.join(tmpdir(), 'monitor-cli-'));
  stderr = new PassThrough();
  output = '';
  stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
});
afterEach(() => rmSync(stateDirectory, { recursive: true, force: true }));

const run = (argv: string[]): Promise<number> =>
  runHealthMonitor(argv, { env: { BIOPIPELINES_STATE_DIR: stateDirectory, HOME: stateDirectory }, stderr });

describe('health-monitor command line', () => {
  it('exits 2 with a clear message for a bad duration or count', async () => {
    expect(await run(['--interval', '5x'])).toBe(2);
    expect(output).toMatch(/--interval must be a duration like 30s, 5m or 1h, got \\"5x\\"/);
    expect(await run(['--max-restarts', '0'])).toBe(2);
    expect(output).toMatch(/--max-restarts must be a whole number of at least 1/);
  });

  it('--reset leaves a request for the next round, and rejects an unknown role', async () => {
    expect(await run(['--reset', 'coder'])).toBe(0);
    expect(existsSync(path.join(stateDirectory, 'health-monitor', 'reset-requests', 'coder'))).toBe(true);
    expect(await run(['--reset', 'codr'])).toBe(2);
    expect(output).toMatch(/Unknown role \\"codr\\".*Did you mean \\"coder\\"/);
  });

  it('exits 75 when another monitor holds the lock, before touching Slurm', async () => {
    const lock = acquireInstanceLock({ file: path.join(stateDirectory, 'health-monitor', 'health-monitor.lock') });
    try {
      expect(await run(['--once'])).toBe(75);
      expect(output).toMatch(/Another health monitor is running \(pid \d+/);
    } finally {
      lock.release();
    }
  });

  it('exits 2 for an unreadable fleet manifest', async () => {
    expect(await run(['--once', '--fleet', path.join(stateDirectory, 'missing.yaml')])).toBe(2);
    expect(output).toMatch(/Cannot read .*missing\.yaml/);
  });

  it('exits 2 at once for a fleet manifest that is a FIFO, an alias bomb or over 1 MiB', async () => {
    const fifo = path.join(stateDirectory, 'fleet.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(await run(['--once', '--fleet', fifo])).toBe(2);
    expect(output).toContain(`Cannot read ${fifo}: it is a named pipe (FIFO), not a regular file`);
    const bomb = path.join(stateDirectory, 'bomb.yaml');
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1)
      lines.push(
        `a${level}: &a${level} [${Array(9)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    writeFileSync(bomb, `${lines.join('\n')}\n`);
    expect(await run(['--once', '--fleet', bomb])).toBe(2);
    expect(output).toMatch(/bomb\.yaml: YAML cannot be expanded/);
    const big = path.join(stateDirectory, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(1024 * 1024)}\n`);
    expect(await run(['--once', '--fleet', big])).toBe(2);
    expect(output).toContain(`Cannot read ${big}: it is larger than 1048576 bytes`);
    expect(output).not.toMatch(/Unexpected error/);
  });
});
