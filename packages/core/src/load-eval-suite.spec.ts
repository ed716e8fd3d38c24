import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError } from './config-errors.js';
import { renderEvalMessages } from './eval-suite-schema.js';
import { loadEvalSuite, parseEvalSuite } from './load-eval-suite.js';

const good = (fields: Record<string, unknown> = {}): string =>
  JSON.stringify({ id: 'q1', task_type: 'biomedical', prompt: 'Which gene?', expected: 'B', ...fields });

function problemsOf(text: string): ConfigValidationError {
  try {
    parseEvalSuite(text, 'suite.jsonl');
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('expected the suite to be refused');
}

describe('parseEvalSuite', () => {
  it('reads items, skipping blank and # lines, and decides each grader', () => {
    const suite = parseEvalSuite(
      [
        '# sample suite',
        good({ choices: ['TP53', 'BRCA1'] }),
        '',
        good({ id: 'n', expected: 3.5, tolerance: 0.1 }),
        good({ id: 'l', expected: 'safe' }),
      ].join('\n'),
      'suite.jsonl',
    );
    expect(suite.items.map((item) => [item.id, item.grader, item.line, item.category])).toEqual([
      ['q1', 'multiple_choice', 2, 'all'],
      ['n', 'numeric', 4, 'all'],
      ['l', 'label', 5, 'all'],
    ]);
  });

  it('names the line of a malformed line', () => {
    const error = problemsOf(`${good()}\n${good({ id: 'q2' })}\n{"id": "q3", "task_type":\n`);
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^suite\.jsonl:3:1: not valid JSON/);
  });

  it('refuses an unknown grader with the list and the closest name', () => {
    const error = problemsOf(good({ grader: 'multiple-choice' }));
    expect(error.message).toContain('unknown grader "multiple-choice"');
    expect(error.problems[0]?.hint).toContain('Did you mean "multiple_choice"?');
  });

  it('refuses a duplicate id, naming both lines', () => {
    const error = problemsOf(`${good()}\n${good()}`);
    expect(error.line).toBe(2);
    expect(error.message).toContain('duplicate id "q1" (first on line 1)');
  });

  it('refuses missing fields, both prompt and messages, and unknown keys', () => {
    expect(problemsOf(JSON.stringify({ id: 'x', task_type: 'biomedical', prompt: 'p' })).message).toContain(
      'expected: missing',
    );
    expect(problemsOf(good({ messages: [{ role: 'user', content: 'hi' }] })).message).toContain(
      'give exactly one of prompt or messages',
    );
    const unknown = problemsOf(good({ expcted: 'B' }));
    expect(unknown.path).toBe('expcted');
    expect(unknown.problems[0]?.hint).toContain('"expected"');
    expect(problemsOf(good({ task_type: 'biology' })).path).toBe('task_type');
    expect(problemsOf('[1,2]').message).toContain('not a JSON object');
    expect(problemsOf('# only a comment\n').message).toContain('no items');
  });

  it('refuses a grader that cannot use the expected value', () => {
    expect(problemsOf(good({ grader: 'numeric', expected: 'many' })).path).toBe('expected');
    expect(problemsOf(good({ grader: 'regex', expected: '(' })).message).toContain('not a valid regular expression');
  });

  it('reads a file larger than a configuration file', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'suite-'));
    const file = path.join(directory, 'big.jsonl');
    const lines = Array.from({ length: 12_000 }, (_, index) => good({ id: `q${index}`, prompt: 'x'.repeat(100) }));
    writeFileSync(file, lines.join('\n'));
    try {
      expect(loadEvalSuite(file).items).toHaveLength(12_000);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('renderEvalMessages', () => {
  it('letters the choices under the prompt', () => {
    const item = parseEvalSuite(good({ choices: ['TP53', 'BRCA1'] }), 's').items[0];
    if (item === undefined) throw new Error('no item');
    expect(renderEvalMessages(item)).toEqual([{ role: 'user', content: 'Which gene?\n\nA. TP53\nB. BRCA1' }]);
  });
});
