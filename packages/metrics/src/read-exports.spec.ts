import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

// `@biopipe/metrics/read` and the reader threads must not load zod (about half a second of CPU at
// start-up, per thread): walk their static imports and fail on any value import of the core barrel or zod.
const IMPORT = /^(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)';/gm;

function heavyImports(entry: string): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const [, , typeOnly, specifier = ''] = match;
      if (typeOnly !== undefined) continue;
      if (specifier === '@biopipe/core' || specifier === 'zod' || specifier === 'yaml')
        found.push(`${path.basename(file)} imports ${specifier}`);
      else if (specifier.startsWith('./')) visit(path.join(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  };
  visit(path.join(import.meta.dirname, entry));
  return found;
}

describe('light entry points', () => {
  it.each(['read-exports.ts', 'aggregate-range-worker.ts'])('%s loads neither zod nor the core barrel', (entry) => {
    expect(heavyImports(entry)).toEqual([]);
  });

  it('the walk does find a heavy import where there is one', () => {
    expect(heavyImports('index.ts')).toContainEqual(expect.stringMatching(/\.ts imports @biopipe\/core$/));
  });
});
