import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { Logger } from '@biopipe/core';
import { createFileSpendLedger } from './file-spend-ledger.js';

const warnings: string[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => warnings.push(message),
  error: () => undefined,
};
const ledgerFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'spend-ledger-')), 'state', 'cloud-spend.json');

describe('createFileSpendLedger', () => {
  it('starts at zero when the file does not exist, and adds per UTC day and month', () => {
    const ledger = createFileSpendLedger({ file: ledgerFile(), logger });
    const late = new Date('2026-12-05T23:59:00Z');
    expect(ledger.read(late)).toEqual({ day: '2026-12-05', dayUsd: 0, month: '2026-12', monthUsd: 0 });
    ledger.add(0.25, late);
    ledger.add(0.5, new Date('2026-12-06T00:01:00Z'));
    expect(ledger.read(late)).toEqual({ day: '2026-12-05', dayUsd: 0.25, month: '2026-12', monthUsd: 0.75 });
    expect(ledger.read(new Date('2026-12-06T12:00:00Z')).dayUsd).toBe(0.5);
    expect(ledger.read(new Date('2027-01-01T00:00:00Z'))).toMatchObject({ dayUsd: 0, monthUsd: 0 });
  });

  it('ignores zero, negative and non-finite amounts', () => {
    const file = ledgerFile();
    const ledger = createFileSpendLedger({ file, logger });
    for (const amount of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) ledger.add(amount, new Date());
    expect(ledger.read(new Date()).monthUsd).toBe(0);
  });

  it('counts from zero, with a warning, when the file is not JSON, and repairs it on the next addition', () => {
    const file = ledgerFile();
    const ledger = createFileSpendLedger({ file, logger });
    ledger.add(1, new Date('2026-12-05T10:00:00Z'));
    writeFileSync(file, '{"days": {"2026-12-05": 1');
    warnings.length = 0;
    expect(ledger.read(new Date('2026-12-05T11:00:00Z')).dayUsd).toBe(0);
    expect(warnings).toEqual(['cloud spend ledger unreadable; counting from zero']);
    ledger.add(2, new Date('2026-12-05T11:00:00Z'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ days: { '2026-12-05': 2 } });
  });

  it('takes over a lock left by a process that died holding it', () => {
    const file = ledgerFile();
    const ledger = createFileSpendLedger({ file, logger });
    ledger.add(1, new Date('2026-12-05T10:00:00Z'));
    writeFileSync(`${file}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    ledger.add(1, new Date('2026-12-05T10:00:00Z'));
    expect(ledger.read(new Date('2026-12-05T10:00:00Z')).dayUsd).toBe(2);
  });

  it('gives up on a lock held too long without counting twice or throwing', () => {
    const file = ledgerFile();
    const ledger = createFileSpendLedger({ file, logger });
    ledger.add(1, new Date('2026-12-05T10:00:00Z'));
    // A fresh lock (the file's mtime is now) that the fake clock ages past the timeout but not past staleness.
    writeFileSync(`${file}.lock`, '');
    const ledgerWithFreshLock = createFileSpendLedger({
      file,
      logger,
      now: (() => {
        let ticks = Date.now();
        return () => (ticks += 1_000);
      })(),
    });
    warnings.length = 0;
    ledgerWithFreshLock.add(5, new Date('2026-12-05T10:00:00Z'));
    expect(ledger.read(new Date('2026-12-05T10:00:00Z')).dayUsd).toBe(1);
    expect(warnings).toEqual(['cloud spend ledger lock not taken in time; this cost is not counted']);
  });
});
