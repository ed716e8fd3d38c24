import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigValidationError } from '@biopipe/core';
import { loadSemanticBanks } from './semantic-banks.js';

const directory = mkdtempSync(path.join(tmpdir(), 'semantic-banks-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function problemOf(text: string): ConfigValidationError {
  const file = path.join(directory, 'banks.yaml');
  writeFileSync(file, text);
  try {
    loadSemanticBanks(file);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('the banks loaded, but they should not');
}

describe('semantic banks files', () => {
  it('loads the shipped banks: 60 easy and 60 hard prompts of the train split', () => {
    const banks = loadSemanticBanks();
    expect([banks.easy.length, banks.hard.length]).toEqual([60, 60]);
    expect(banks.derived_from).toContain('train split');
  });

  it('refuses an empty bank, an empty example, an unknown key and an oversized example, with the line', () => {
    const head = 'schema_version: 1\nname: mine\n';
    expect(problemOf(`${head}easy: []\nhard: [a]\n`).problems[0]).toMatchObject({ path: 'easy', line: 3 });
    expect(problemOf(`${head}easy: [a]\nhard:\n  - b\n  - ""\n`).problems[0]).toMatchObject({
      path: 'hard.1',
      line: 6,
    });
    expect(problemOf(`${head}easy: [a]\nhard: [b]\nhrad: [c]\n`).problems[0]).toMatchObject({ line: 5 });
    const long = problemOf(`${head}easy: [a]\nhard: ["${'x'.repeat(9000)}"]\n`);
    expect(long.message).toContain('over 8192 characters');
  });
});
