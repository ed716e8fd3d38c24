import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One subpath of a workspace package's `exports` map, with the source file behind it. */
export interface EntryPoint {
  /** The package name, e.g. `@biopipe/core`. */
  packageName: string;
  /** What importers write: `@biopipe/core`, `@biopipe/core/errors`. */
  specifier: string;
  /** The package's folder, absolute. */
  packageDir: string;
  /** The source file the `@biopipe/source` condition names, absolute. */
  file: string;
}

/** The condition under which every workspace package points an export at its TypeScript source. */
export const SOURCE_CONDITION = '@biopipe/source';

interface PackageManifest {
  name?: string;
  workspaces?: string[];
  exports?: Record<string, unknown>;
}

function readManifest(file: string): PackageManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as PackageManifest;
}

/** The folders the root manifest's `workspaces` name; only the `dir/*` form is used here. */
function workspaceDirs(root: string, patterns: string[]): string[] {
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [path.join(root, pattern)];
    const parent = path.join(root, pattern.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(parent, entry.name));
  });
}

/**
 * Every entry point of every workspace package that serves its sources under {@link SOURCE_CONDITION}.
 * A package without an `exports` map has no entry point: nothing may import it.
 */
export function findEntryPoints(root: string): EntryPoint[] {
  const workspaces = readManifest(path.join(root, 'package.json')).workspaces ?? [];
  return workspaceDirs(root, workspaces).flatMap((packageDir) => {
    const manifestPath = path.join(packageDir, 'package.json');
    if (!existsSync(manifestPath)) return [];
    const manifest = readManifest(manifestPath);
    if (manifest.name === undefined || manifest.exports === undefined) return [];
    const packageName = manifest.name;
    return Object.entries(manifest.exports).flatMap(([subpath, target]) => {
      const source = (target as Record<string, unknown> | null)?.[SOURCE_CONDITION];
      if (typeof source !== 'string') return [];
      const specifier = subpath === '.' ? packageName : `${packageName}/${subpath.replace(/^\.\//, '')}`;
      return [{ packageName, specifier, packageDir, file: path.join(packageDir, source) }];
    });
  });
}
