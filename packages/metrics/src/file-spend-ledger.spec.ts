import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigFileUnreadableError, type LogFields, type Logger } from '@biopipe/core';
import { createFileSpendLedger } from './file-spend-ledger.js';

const warnings: string[] = [];
const fields: (LogFields | undefined)[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, logged) => {
    warnings.push(message);
    fields.push(logged);
  },
  error: () => undefined,
};
const failure = (read: () => unknown): ConfigFileUnreadableError => {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigFileUnreadableError) return error;
    throw error;
  }
  throw new Error('the ledger was read');
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

  it('refuses a ledger that is not JSON, naming the file and how to reset it, and never overwrites it', () => {
    const file = ledgerFile();
    const ledger = createFileSpendLedger({ file, logger });
    ledger.add(1, new Date('2026-12-05T10:00:00Z'));
    for (const corrupt of ['{"days": {"2026-12-05": 1', '[1, 2]', 'null']) {
      writeFileSync(file, corrupt);
      warnings.length = 0;
      const reader = createFileSpendLedger({ file, logger });
      const error = failure(() => reader.read(new Date('2026-12-05T11:00:00Z')));
      expect(error).toBeInstanceOf(ConfigFileUnreadableError);
      expect(error.message).toMatch(
        new RegExp(
          `^Cannot read ${file}: it is not a valid cloud spend ledger \\(.+\\); its spend is not taken as zero$`,
        ),
      );
      expect(error.hint).toContain(`(mv ${file} ${file}.bad)`);
      expect(error.hint).toContain('lifts the budget');
      reader.add(2, new Date('2026-12-05T11:00:00Z'));
      expect(readFileSync(file, 'utf8')).toBe(corrupt);
      // Logged once each, with the file and the reset hint: a gateway reads the ledger before every route.
      for (let again = 0; again < 3; again++) {
        failure(() => reader.read(new Date('2026-12-05T11:00:00Z')));
        reader.add(2, new Date('2026-12-05T11:00:00Z'));
      }
      expect(warnings).toEqual([
        'cloud spend ledger unreadable; the budget counts as exceeded (spend unknown)',
        'cloud spend not recorded in the ledger',
      ]);
      expect(fields.at(-1)).toMatchObject({ file, hint: expect.stringContaining(`(mv ${file} ${file}.bad)`) });
      expect(readFileSync(file, 'utf8')).toBe(corrupt);
    }
  });

  it('refuses at once a FIFO, a directory or a huge file in its place, instead of hanging or reading it', () => {
    const file = ledgerFile();
    mkdirSync(path.dirname(file), { recursive: true });
    const ledger = createFileSpendLedger({ file, logger });
    execFileSync('mkfifo', [file]);
    expect(failure(() => ledger.read(new Date())).message).toBe(
      `Cannot read ${file}: it is a named pipe (FIFO), not a regular file`,
    );
    rmSync(file);
    mkdirSync(file);
    expect(failure(() => ledger.read(new Date())).message).toBe(
      `Cannot read ${file}: it is a directory, not a regular file`,
    );
    rmSync(file, { recursive: true });
    writeFileSync(file, `{"days": {}, "months": {}, "pad": "${'x'.repeat(2 * 1024 * 1024)}"}`);
    const huge = failure(() => ledger.read(new Date()));
    expect(huge.message).toBe(`Cannot read ${file}: it is larger than 1048576 bytes`);
    expect(huge.hint).toContain(`(mv ${file} ${file}.bad)`);
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
