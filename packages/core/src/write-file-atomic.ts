import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let sequence = 0;

/**
 * Writes `text` to `file` so that a reader sees the old content or the new, never a torn file: the
 * text goes to a temporary file in the same directory (rename is atomic only within one file
 * system), which is then renamed over `file`. Creates missing parent directories. The temporary
 * name carries the pid and a per-process counter, so neither two processes nor two writes in one
 * process share one. Importable on its own (`@biopipe/core/write-file-atomic`).
 * @throws the file system's error, after removing the temporary file
 */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  sequence += 1;
  const temporary = `${file}.${process.pid}.${sequence}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
