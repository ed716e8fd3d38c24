import { readdirSync } from 'node:fs';
import path from 'node:path';
import { findEntryPoints, type EntryPoint } from './entry-points.js';
import { ExportReader, type ExportOrigin, type ExportTable } from './export-reader.js';
import { collectImportUses } from './import-uses.js';
import { findListedTwice } from './find-listed-twice.js';
import { SOURCE_EXTENSIONS, locate, parseSource } from './parse-source.js';

/** Folders that hold no source of the workspace's own: installed packages, build output, caches, reports. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', 'reports', 'logs']);

/** One name of one entry point, and whether code outside its package needs it there. */
export interface EntryExport {
  name: string;
  kind: ExportOrigin['kind'];
  used: boolean;
}

export interface EntryReport {
  entry: EntryPoint;
  exports: EntryExport[];
}

export interface BarrelUsage {
  entries: EntryReport[];
  /** `file:line: …` for imports whose names the check cannot read; each is a failure. */
  unreadable: string[];
  /** Names two entry points of one package list by hand, neither re-exporting the other; each is a failure. */
  listedTwice: string[];
}

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSourceFiles(full);
    return entry.isFile() && SOURCE_EXTENSIONS.includes(path.extname(entry.name)) ? [full] : [];
  });
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

const sameOrigin = (a: ExportOrigin, b: ExportOrigin): boolean => a.file === b.file && a.name === b.name;

/** `entry specifier + name` of every import from outside the entry's package; unreadable imports as messages. */
function collectOutsideImports(root: string, tables: Map<EntryPoint, ExportTable>) {
  const bySpecifier = new Map([...tables.keys()].map((entry) => [entry.specifier, entry]));
  const imported = new Set<string>();
  const unreadable: string[] = [];
  for (const file of listSourceFiles(root)) {
    const found = collectImportUses(parseSource(file), (specifier) => bySpecifier.has(specifier));
    for (const use of found.uses) {
      const entry = bySpecifier.get(use.specifier);
      if (entry === undefined || isInside(entry.packageDir, file)) continue;
      const names = use.names === '*' ? [...(tables.get(entry)?.keys() ?? [])] : use.names;
      for (const name of names) imported.add(`${entry.specifier}\0${name}`);
    }
    for (const problem of found.unreadable) {
      const entry = bySpecifier.get(problem.specifier);
      if (entry === undefined || isInside(entry.packageDir, file)) continue;
      unreadable.push(
        `${locate(root, problem.node)}: cannot tell which names this takes from '${problem.specifier}'; ` +
          'import them by name (import { a } from …, or const { a } = await import(…))',
      );
    }
  }
  return { imported, unreadable };
}

/**
 * For every entry point of every workspace package, which of its exports code outside the package
 * needs there. A name is needed where it is imported (statically, by `export … from`, by `import()` or
 * in an `import()` type), in an entry another needed one is re-exported through (the main barrel
 * re-exporting a fast-start entry), and in an entry that passes a needed one on by `export *`.
 */
export function findBarrelUsage(root: string): BarrelUsage {
  const entries = findEntryPoints(root);
  const reader = new ExportReader();
  const tables = new Map(entries.map((entry) => [entry, reader.exportsOf(entry.file)]));
  const { imported, unreadable } = collectOutsideImports(root, tables);
  const isImported = (entry: EntryPoint, name: string): boolean => imported.has(`${entry.specifier}\0${name}`);
  const siblings = (entry: EntryPoint): EntryPoint[] =>
    entries.filter((other) => other !== entry && other.packageName === entry.packageName);
  /** Imported here, or imported from a sibling that gets it through this entry's file. */
  const isNeededHere = (entry: EntryPoint, name: string, origin: ExportOrigin): boolean =>
    isImported(entry, name) ||
    siblings(entry).some((other) =>
      [...(tables.get(other) ?? [])].some(
        ([otherName, otherOrigin]) =>
          sameOrigin(otherOrigin, origin) && otherOrigin.through.includes(entry.file) && isImported(other, otherName),
      ),
    );
  const isUsed = (entry: EntryPoint, name: string, origin: ExportOrigin): boolean =>
    isNeededHere(entry, name, origin) ||
    (origin.star &&
      siblings(entry).some(
        (other) =>
          origin.through.includes(other.file) &&
          tables.get(other)?.has(name) === true &&
          isNeededHere(other, name, origin),
      ));
  return {
    entries: entries.map((entry) => ({
      entry,
      exports: [...(tables.get(entry) ?? [])].map(([name, origin]) => ({
        name,
        kind: origin.kind,
        used: isUsed(entry, name, origin),
      })),
    })),
    unreadable,
    listedTwice: findListedTwice(root, tables),
  };
}
