import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError } from '@biopipe/core';
import { parseLabelledPrompts } from './labelled-prompts.js';

describe('parseLabelledPrompts', () => {
  it('reads one object per line, skipping blank lines, with train as the default split', () => {
    const prompts = parseLabelledPrompts(
      '{"label":"hard","text":"Design a pipeline"}\n\n{"label":"easy","text":"Run FastQC","split":"test"}\n',
      'set.jsonl',
    );
    expect(prompts).toEqual([
      { label: 'hard', text: 'Design a pipeline', split: 'train' },
      { label: 'easy', text: 'Run FastQC', split: 'test' },
    ]);
  });

  it('reports every bad line with its number, never the prompt text', () => {
    let error: unknown;
    try {
      parseLabelledPrompts(
        '{"label":"hard","text":"ok"}\nsecret patient note\n{"label":"medium","text":"x"}\n',
        'set.jsonl',
      );
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems;
    expect(problems.map((problem) => problem.line)).toEqual([2, 3]);
    expect(problems[1]?.path).toBe('label');
    expect((error as Error).message).toContain('set.jsonl:2');
    expect((error as Error).message).not.toContain('secret patient note');
  });

  it('refuses an empty file', () => {
    expect(() => parseLabelledPrompts('\n\n', 'empty.jsonl')).toThrow('no labelled prompts');
  });
});
