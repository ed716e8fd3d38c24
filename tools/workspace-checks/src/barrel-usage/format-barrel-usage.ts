import path from 'node:path';
import type { BarrelUsage } from './find-barrel-usage.js';

/** Problems to fix, one line each: an export nothing outside its package imports, or an unreadable import. */
export function listBarrelProblems(root: string, usage: BarrelUsage): string[] {
  const unused = usage.entries.flatMap(({ entry, exports }) =>
    exports
      .filter((item) => !item.used)
      .map(
        (item) =>
          `${path.relative(root, entry.file)}: ${item.kind === 'type' ? 'type ' : ''}${item.name} is exported as ` +
          `'${entry.specifier}' but nothing outside ${path.relative(root, entry.packageDir)} imports it from there; ` +
          'remove it from the entry point (its own package imports it from the file that defines it)',
      ),
  );
  return [...unused, ...usage.unreadable, ...usage.listedTwice];
}

/** One line per entry point: its runtime and type exports, and how many of each no other project imports. */
export function formatBarrelTable(usage: BarrelUsage): string {
  const rows = usage.entries.map(({ entry, exports }) => {
    const count = (kind: 'type' | 'value', used?: boolean): number =>
      exports.filter((item) => item.kind === kind && (used === undefined || item.used === used)).length;
    return [entry.specifier, count('value'), count('value', false), count('type'), count('type', false)];
  });
  const header = ['entry point', 'runtime', 'unused', 'types', 'unused'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => String(row[column]).length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => String(cell).padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
