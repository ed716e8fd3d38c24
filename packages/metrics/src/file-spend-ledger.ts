import { closeSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import {
  ConfigFileUnreadableError,
  readConfigFile,
  type Logger,
  type SpendLedger,
  type SpendTotals,
} from '@biopipe/core';

/**
 * The cloud-spend ledger: one small JSON file of per-day and per-month totals, shared by every
 * biopipe process on the machine. Chosen over summing the metrics files because those are written
 * in batches after the answer (a second process would not see the spend yet), rotate, may live at a
 * different path per process (BIOPIPELINES_METRICS_PATH), and cost a full read per request; the
 * ledger is one read before a route and one locked read-modify-write after a cloud answer.
 * Writers take `<file>.lock` (O_EXCL create) so no addition is lost; the file itself is replaced by
 * rename, so readers never take the lock and never see half a file.
 */
interface LedgerFile {
  schema_version: 1;
  days: Record<string, number>;
  months: Record<string, number>;
}

/** A lock older than this belongs to a process that died holding it. */
const STALE_LOCK_MS = 10_000;
/** Longest wait for the lock; past it the addition is logged and dropped rather than blocking a request. */
const LOCK_TIMEOUT_MS = 5_000;
/** Periods kept: enough for `status` and the month's total, so the file stays a few hundred bytes. */
const KEEP_DAYS = 40;
const KEEP_MONTHS = 13;

const sleepSync = (ms: number): void =>
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) as unknown as void;
const dayOf = (now: Date): string => now.toISOString().slice(0, 10);
const monthOf = (now: Date): string => now.toISOString().slice(0, 7);

/** How to get a working ledger back, and what that costs: spend counted from zero lifts the budget. */
function resetHint(file: string): string {
  return `Move it aside to start a new ledger (mv ${file} ${file}.bad). The new one counts the spend of the day and the month from zero, which lifts the budget until new spend adds up: check the spend in the metrics report first.`;
}

/**
 * The ledger as written. Read with the configuration reader, which refuses a FIFO, a directory or a
 * huge file at once instead of hanging or filling memory. A missing file is an empty ledger; any other
 * failure is an error naming the file, never a spend of zero (that would lift the budget).
 * @throws ConfigFileUnreadableError
 */
function readLedger(file: string): LedgerFile {
  let text: string;
  try {
    text = readConfigFile(file, 'cloud spend ledger');
  } catch (error) {
    if (!(error instanceof ConfigFileUnreadableError)) throw error;
    if ((error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
      return { schema_version: 1, days: {}, months: {} };
    throw new ConfigFileUnreadableError(file, error.reason, error.cause, { hint: resetHint(file) });
  }
  try {
    return parseLedger(text);
  } catch (error) {
    throw new ConfigFileUnreadableError(
      file,
      `it is not a valid cloud spend ledger (${(error as Error).message}); its spend is not taken as zero`,
      error,
      { hint: resetHint(file) },
    );
  }
}

function parseLedger(text: string): LedgerFile {
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  const { days, months } = value as Partial<LedgerFile>;
  const numbers = (record: unknown): Record<string, number> =>
    typeof record === 'object' && record !== null
      ? Object.fromEntries(
          Object.entries(record).filter(
            (entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]),
          ),
        )
      : {};
  return { schema_version: 1, days: numbers(days), months: numbers(months) };
}

function keepLatest(record: Record<string, number>, count: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(record)
      .sort(([a], [b]) => (a < b ? 1 : -1))
      .slice(0, count),
  );
}

export interface FileSpendLedgerOptions {
  /** The ledger file; its directory is created on first write. */
  file: string;
  logger: Logger;
  /** @default Date.now (the stale-lock check) */
  now?: () => number;
}

/** A SpendLedger over one lock-protected file (see the file's comment for why not the metrics files). */
export function createFileSpendLedger(options: FileSpendLedgerOptions): SpendLedger {
  const { file, logger } = options;
  const lockFile = `${file}.lock`;
  const clock = options.now ?? Date.now;

  const lock = (): boolean => {
    const deadline = clock() + LOCK_TIMEOUT_MS;
    for (;;) {
      try {
        closeSync(openSync(lockFile, 'wx'));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      try {
        if (clock() - statSync(lockFile).mtimeMs > STALE_LOCK_MS) unlinkSync(lockFile);
      } catch {
        // Released between the two calls: try again.
      }
      if (clock() > deadline) return false;
      sleepSync(2);
    }
  };

  // A long-running gateway reads the ledger before every route: each distinct problem is logged once,
  // not once per request.
  const warned = new Set<string>();
  const warnOnce = (message: string, error: unknown): void => {
    const text = error instanceof Error ? error.message : String(error);
    if (warned.has(`${message}\n${text}`)) return;
    warned.add(`${message}\n${text}`);
    const hint = error instanceof ConfigFileUnreadableError ? error.hint : undefined;
    logger.warn(message, { file, error: text, ...(hint === undefined ? {} : { hint }) });
  };

  return {
    read(now: Date): SpendTotals {
      let ledger: LedgerFile;
      try {
        ledger = readLedger(file);
      } catch (error) {
        warnOnce('cloud spend ledger unreadable; the budget counts as exceeded (spend unknown)', error);
        throw error;
      }
      const day = dayOf(now);
      const month = monthOf(now);
      return { day, dayUsd: ledger.days[day] ?? 0, month, monthUsd: ledger.months[month] ?? 0 };
    },
    add(costUsd: number, now: Date): void {
      if (!(costUsd > 0) || !Number.isFinite(costUsd)) return;
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        if (!lock()) {
          logger.warn('cloud spend ledger lock not taken in time; this cost is not counted', { file, costUsd });
          return;
        }
        try {
          // A ledger that cannot be read is left as it is (the addition is logged as not recorded),
          // not replaced by this one cost.
          const ledger = readLedger(file);
          const day = dayOf(now);
          const month = monthOf(now);
          ledger.days[day] = (ledger.days[day] ?? 0) + costUsd;
          ledger.months[month] = (ledger.months[month] ?? 0) + costUsd;
          const next: LedgerFile = {
            schema_version: 1,
            days: keepLatest(ledger.days, KEEP_DAYS),
            months: keepLatest(ledger.months, KEEP_MONTHS),
          };
          const temporary = `${file}.${process.pid}.tmp`;
          const descriptor = openSync(temporary, 'w', 0o600);
          try {
            writeSync(descriptor, `${JSON.stringify(next)}\n`);
          } finally {
            closeSync(descriptor);
          }
          renameSync(temporary, file);
        } finally {
          unlinkSync(lockFile);
        }
      } catch (error) {
        warnOnce('cloud spend not recorded in the ledger', error);
      }
    },
  };
}
