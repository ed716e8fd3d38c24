import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBarrelUsage } from './barrel-usage/find-barrel-usage.js';
import { formatBarrelTable, listBarrelProblems } from './barrel-usage/format-barrel-usage.js';

const workspaceRoot = path.resolve(import.meta.dirname, '../../..');
const source = (entry: string): Record<string, string> => ({
  '@biopipe/source': entry,
  types: entry.replace('./src', './dist').replace('.ts', '.d.ts'),
  default: entry.replace('./src', './dist').replace('.ts', '.js'),
});

/** A workspace with one library (a main barrel deriving from a fast-start entry) and the app that uses it. */
const FIXTURE: Record<string, string> = {
  'package.json': JSON.stringify({ workspaces: ['packages/*', 'apps/*'] }),
  'packages/lib/package.json': JSON.stringify({
    name: '@fx/lib',
    exports: { '.': source('./src/index.ts'), './fast': source('./src/fast.ts'), './twice': source('./src/twice.ts') },
  }),
  'packages/lib/src/index.ts': [
    "export * from './fast.js';",
    "export { used, unused, viaNamespace, viaAll, viaReexport, viaProperty } from './things.js';",
    "export type { UsedType, UnusedType, ViaImportType } from './things.js';",
    "export { listedByHand } from './things.js';",
  ].join('\n'),
  'packages/lib/src/fast.ts': "export { quick, quickUnused, quickViaMain } from './quick.js';\n",
  'packages/lib/src/twice.ts': "export { listedByHand } from './things.js';\n",
  'packages/lib/src/quick.ts':
    'export const quick = 1;\nexport const quickUnused = 2;\nexport function quickViaMain() {}\n',
  'packages/lib/src/things.ts': [
    'export const used = 1, unused = 2, viaNamespace = 3, viaAll = 4, viaReexport = 5, viaProperty = 6;',
    'export const listedByHand = 7;',
    'export interface UsedType { a: number }',
    'export type UnusedType = string;',
    'export type ViaImportType = number;',
  ].join('\n'),
  // The package's own test does not count: only other projects keep an export alive.
  'packages/lib/test/own.spec.ts':
    "import { unused, quickUnused } from '../src/index.js';\nvoid [unused, quickUnused];\n",
  'apps/app/package.json': JSON.stringify({ name: '@fx/app' }),
  'apps/app/src/main.ts': [
    "import { used, type UsedType } from '@fx/lib';",
    "import * as lib from '@fx/lib';",
    "import { listedByHand } from '@fx/lib/twice';",
    "export { viaReexport } from '@fx/lib';",
    "const [{ viaAll }, { quick }] = await Promise.all([import('@fx/lib'), import('@fx/lib/fast')]);",
    "const { quickViaMain } = await import('@fx/lib');",
    "const viaProperty = (await import('@fx/lib')).viaProperty;",
    "type T = import('@fx/lib').ViaImportType;",
    'const u: UsedType = { a: used };',
    'void [u, lib.viaNamespace, listedByHand, viaAll, quick, quickViaMain, viaProperty];',
    "const whole = await import('@fx/lib');",
    'console.log(whole);',
    'export type { T };',
  ].join('\n'),
};

describe('barrel usage', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'biopipe-barrels-'));
    for (const [file, text] of Object.entries(FIXTURE)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('names each export no other project imports, every import it cannot read, and lists kept twice', () => {
    const problems = listBarrelProblems(root, findBarrelUsage(root));
    const unused = (file: string, name: string, specifier: string): string =>
      `packages/lib/src/${file}: ${name} is exported as '${specifier}' but nothing outside packages/lib imports it ` +
      'from there; remove it from the entry point (its own package imports it from the file that defines it)';
    expect(problems).toEqual([
      // Passed on by `export *` and needed nowhere: named at both entry points.
      unused('index.ts', 'quickUnused', '@fx/lib'),
      unused('index.ts', 'unused', '@fx/lib'),
      unused('index.ts', 'type UnusedType', '@fx/lib'),
      unused('index.ts', 'listedByHand', '@fx/lib'),
      unused('fast.ts', 'quickUnused', '@fx/lib/fast'),
      "apps/app/src/main.ts:11: cannot tell which names this takes from '@fx/lib'; import them by name " +
        '(import { a } from …, or const { a } = await import(…))',
      'packages/lib/src/index.ts and packages/lib/src/twice.ts both export listedByHand by their own list; ' +
        'have one re-export it from the other',
    ]);
  });

  it('counts runtime and type exports per entry point', () => {
    expect(formatBarrelTable(findBarrelUsage(root)).split('\n')).toEqual([
      'entry point    runtime  unused  types  unused',
      '@fx/lib        10       3       3      1',
      '@fx/lib/fast   3        1       0      0',
      '@fx/lib/twice  1        0       0      0',
    ]);
  });

  it('finds no export in this workspace that no other project imports', () => {
    expect(listBarrelProblems(workspaceRoot, findBarrelUsage(workspaceRoot))).toEqual([]);
  });
});
