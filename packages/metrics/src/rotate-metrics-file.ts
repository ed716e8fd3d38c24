import { open, rename, stat, unlink } from 'node:fs/promises';
import { listMetricsFiles } from './list-metrics-files.js';

export interface RotateMetricsFileOptions {
  /** The live metrics file. */
  path: string;
  /** Rotated files kept: `<path>.1` (newest) … `<path>.N`; 0 deletes the full file. */
  keepFiles: number;
  /** Rotate only if the file at `path` is still this inode (another process may have rotated already). */
  expectedInode: number;
  /** A lock file older than this is taken to be left by a crashed process and removed. @default 30000 */
  staleLockMs?: number;
  /** @default Date.now */
  now?: () => number;
}

export type RotationOutcome = 'rotated' | 'already-rotated' | 'locked';

const ignoreMissing = (error: NodeJS.ErrnoException): void => {
  if (error.code !== 'ENOENT') throw error;
};

/**
 * Takes `<path>.lock` with an exclusive create (`O_EXCL`, atomic on local filesystems and NFSv3+).
 * A lock that vanishes between the failed create and its `stat` was released: create again, and never
 * unlink it then, or the next holder's fresh lock goes and two processes rotate at once. A stale lock
 * (left by a crashed process) is removed, and this call still gives up: the next batch tries afresh.
 */
async function acquireLock(lockPath: string, staleLockMs: number, now: () => number): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lockPath).catch(() => undefined);
      if (info === undefined) continue;
      if (now() - info.mtimeMs >= staleLockMs) await unlink(lockPath).catch(ignoreMissing);
      return false;
    }
  }
  return false;
}

/**
 * Renames `from` to `to`, refusing (EEXIST) when `to` exists: a rename over it would delete its records.
 * The lock already keeps other rotations out; this is the second line should a lock ever be broken.
 */
async function renameWithoutReplacing(from: string, to: string): Promise<void> {
  const taken = await stat(to).then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? false : Promise.reject(error)),
  );
  if (taken) throw Object.assign(new Error(`cannot rotate ${from}: ${to} already exists`), { code: 'EEXIST' });
  await rename(from, to);
}

/**
 * Size-based rotation that is safe when several processes append to one file: the rename chain
 * (`.N-1` → `.N`, …, live → `.1`) runs only under an exclusive lock file, and only if the live file
 * is still the one the caller found too big — a process that loses the race finds a new inode and
 * does nothing. Writers notice the rename by comparing the path's inode with their open file's before
 * each batch, and reopen. A process that finds the lock held skips rotating this time and appends
 * anyway (a file may briefly grow past the limit; no record is lost).
 */
export async function rotateMetricsFile(options: RotateMetricsFileOptions): Promise<RotationOutcome> {
  const lockPath = `${options.path}.lock`;
  if (!(await acquireLock(lockPath, options.staleLockMs ?? 30_000, options.now ?? Date.now))) return 'locked';
  try {
    const info = await stat(options.path).catch(() => undefined);
    if (info === undefined || info.ino !== options.expectedInode) return 'already-rotated';
    if (options.keepFiles === 0) {
      await unlink(options.path).catch(ignoreMissing);
      return 'rotated';
    }
    // Only the generations that exist are renamed (oldest first), so the lock is held briefly even with many kept files.
    for (const file of await listMetricsFiles(options.path)) {
      if (file.generation === 0) continue;
      if (file.generation >= options.keepFiles) await unlink(file.path).catch(ignoreMissing);
      else await renameWithoutReplacing(file.path, `${options.path}.${file.generation + 1}`).catch(ignoreMissing);
    }
    await renameWithoutReplacing(options.path, `${options.path}.1`);
    return 'rotated';
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}
