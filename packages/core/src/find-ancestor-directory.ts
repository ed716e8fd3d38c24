import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The nearest directory, from `start` upward, that holds `marker` (a relative path), or undefined.
 * Code that ships files beside it finds them this way, so the same module works from the repository
 * (`packages/core/src/`, `dist/`) and from the installed bundle (`<package>/dist/`), whose depths differ.
 */
export function findAncestorDirectory(start: string, marker: string): string | undefined {
  let directory = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(directory, marker))) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
