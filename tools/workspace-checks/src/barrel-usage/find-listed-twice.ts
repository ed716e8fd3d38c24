import path from 'node:path';
import type { EntryPoint } from './entry-points.js';
import type { ExportTable } from './export-reader.js';

/**
 * A name two entry points of one package both export must reach one of them through the other's file
 * (the main barrel re-exporting a fast-start entry): two lists kept by hand drift apart.
 */
export function findListedTwice(root: string, tables: Map<EntryPoint, ExportTable>): string[] {
  const entries = [...tables.keys()];
  const problems: string[] = [];
  entries.forEach((first, index) => {
    for (const second of entries.slice(index + 1)) {
      if (second.packageName !== first.packageName) continue;
      for (const [name, origin] of tables.get(first) ?? []) {
        const twin = [...(tables.get(second) ?? [])].find(
          ([, candidate]) => candidate.file === origin.file && candidate.name === origin.name,
        );
        if (twin === undefined || origin.through.includes(second.file) || twin[1].through.includes(first.file))
          continue;
        problems.push(
          `${path.relative(root, first.file)} and ${path.relative(root, second.file)} both export ${name} ` +
            'by their own list; have one re-export it from the other',
        );
      }
    }
  });
  return problems;
}
