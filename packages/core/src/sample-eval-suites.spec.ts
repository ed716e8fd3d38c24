import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadEvalSuite } from './load-eval-suite.js';
import { builtinConfigDir } from './paths.js';

const directory = path.join(builtinConfigDir(), 'eval');

describe('the sample suites in config/eval', () => {
  it.each(readdirSync(directory).filter((file) => file.endsWith('.jsonl')))(
    '%s loads, holds 60 items or more and says it is a sample',
    (file) => {
      const suite = loadEvalSuite(path.join(directory, file));
      expect(suite.items.length).toBeGreaterThanOrEqual(60);
      expect(readFileSync(path.join(directory, file), 'utf8').split('\n')[0]).toMatch(/^# SAMPLE suite/);
    },
  );

  it('labels every safety prompt safe or unsafe, unsafe ones with a Llama Guard 3 code, covering S1-S14', () => {
    const { items } = loadEvalSuite(path.join(directory, 'safety-labels.jsonl'));
    for (const item of items)
      expect(item.expected === 'safe' ? item.category : item.category).toMatch(
        item.expected === 'safe' ? /^safe$/ : /^S([1-9]|1[0-4])$/,
      );
    expect(new Set(items.filter((item) => item.expected === 'unsafe').map((item) => item.category)).size).toBe(14);
  });
});
