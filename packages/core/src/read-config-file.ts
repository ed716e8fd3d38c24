import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { ConfigFileUnreadableError } from './config-errors.js';
import { BiopipeError } from './errors.js';

/** Configuration files (profiles, the fleet manifest, settings, registry entries) are small; anything larger is a mistake. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/** What kind of file system entry it is, in words, for one that is not a regular file. */
export function describeFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** An OS error on a configuration path, in words. */
export function describeFileError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop?)';
    default:
      return (error as Error).message;
  }
}

/** A size in the unit a reader would use: bytes, KiB up to 1 MiB, MiB above. */
function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes > 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}

/**
 * Reads a configuration file as UTF-8, turning OS errors into a clear, typed error. Only a regular
 * file of at most `maxBytes` is read: the file is opened without blocking and checked on the open
 * descriptor, so a named pipe (which would block the read until a writer comes, forever) or a device
 * is refused, even when it replaced a regular file after a directory listing. `kind` names the file
 * as its reader knows it (`strategy profile`, `eval suite`, …) in the hint of such an error.
 * @throws ConfigFileUnreadableError
 */
export function readConfigFile(file: string, kind: string, maxBytes = MAX_CONFIG_FILE_BYTES): string {
  let descriptor: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ConfigFileUnreadableError(file, describeFileError(error), error);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) {
      throw new ConfigFileUnreadableError(file, `it is ${describeFileKind(stats)}, not a regular file`, undefined, {
        hint: `The ${kind} must be a regular file; give the path of one, or remove or rename this entry.`,
      });
    }
    const tooLarge = (): ConfigFileUnreadableError =>
      new ConfigFileUnreadableError(file, `it is larger than ${maxBytes} bytes`, undefined, {
        hint: `At most ${formatSize(maxBytes)} of the ${kind} is read; check that this is the right file.`,
      });
    if (stats.size > maxBytes) throw tooLarge();
    // Read one byte past the limit: a file that grew since fstat is still caught.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw tooLarge();
    }
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (BiopipeError.isInstance(error)) throw error;
    throw new ConfigFileUnreadableError(file, describeFileError(error), error);
  } finally {
    closeSync(descriptor);
  }
}
