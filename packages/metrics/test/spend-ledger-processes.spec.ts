import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { silentLogger } from '@biopipe/core';
import { createFileSpendLedger } from '@biopipe/metrics';

// Real processes adding to one ledger file through the built ledger (the `test` target builds first).
const script = path.join(import.meta.dirname, 'fixtures', 'add-spend.mjs');

function addSpend(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exited with ${code}: ${stderr}`))));
  });
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'spend-ledger-processes-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('one spend ledger, several processes', () => {
  it('4 processes x 300 additions at once lose none', async () => {
    const file = path.join(directory, 'state', 'cloud-spend.json');
    // 1/1024 is exact in binary, so the total is exact whatever the order of additions.
    await Promise.all(Array.from({ length: 4 }, () => addSpend([file, '300', String(1 / 1024)])));
    const ledger = createFileSpendLedger({ file, logger: silentLogger });
    expect(ledger.read(new Date('2026-12-05T18:00:00Z'))).toEqual({
      day: '2026-12-05',
      dayUsd: 1200 / 1024,
      month: '2026-12',
      monthUsd: 1200 / 1024,
    });
  }, 120_000);
});
