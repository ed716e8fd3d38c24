import { describe, expect, it } from '@jest/globals';
import { extractChoiceLetter } from './extract-choice-letter.js';
import { extractNumber, gradeLabel, gradeMultipleChoice, gradeNumeric, gradeRegex } from './graders.js';
import { parseJudgeVerdict } from './llm-judge.js';

describe('extractChoiceLetter', () => {
  it.each([
    ['B', 'B'],
    ['B)', 'B'],
    ['(B)', 'B'],
    ['**B**', 'B'],
    ['The answer is (B).', 'B'],
    ['Answer: b', 'B'],
    ['answer: b.', 'B'],
    ["I think it's B. A is too broad and C is wrong.", 'B'],
    ['B. TP53 is the tumour suppressor most often mutated.', 'B'],
    ['The correct option is **C**: BRCA2.', 'C'],
    ['Reasoning about the options first.\n\nD', 'D'],
    ['A common mistake is to pick the first option; the answer is C.', 'C'],
    ['The final answer: [D]', 'D'],
  ])('%j commits to %s', (answer, letter) => {
    expect(extractChoiceLetter(answer, 5)).toBe(letter);
  });

  it.each([
    'A mutation in the promoter.',
    'the answer is a mutation in TP53',
    'I cannot tell from the information given.',
    '',
  ])('%j commits to no letter', (answer) => {
    expect(extractChoiceLetter(answer, 5)).toBeNull();
  });

  it('ignores letters past the number of choices', () => {
    expect(extractChoiceLetter('The answer is (F).', 4)).toBeNull();
    expect(gradeMultipleChoice('(E)', 'E', 4)).toEqual({ correct: false, extracted: null });
  });
});

describe('gradeLabel', () => {
  it.each([
    ['code_generation', 'code_generation'],
    ['Code generation.', 'code_generation'],
    ['**unsafe**\nS1', 'unsafe'],
    ['Label: math-statistics', 'math_statistics'],
    ['  SAFE  ', 'safe'],
  ])('%j is %s', (answer, label) => expect(gradeLabel(answer, label).correct).toBe(true));

  it('does not take "unsafe" for "safe", or a label buried in a sentence', () => {
    expect(gradeLabel('unsafe\nS2', 'safe').correct).toBe(false);
    expect(gradeLabel('This is not code_generation but documentation', 'code_generation').correct).toBe(false);
  });
});

describe('gradeRegex', () => {
  it('matches anywhere, case-insensitively', () => {
    expect(gradeRegex('Use samtools SORT first', 'samtools\\s+sort')).toEqual({
      correct: true,
      extracted: 'samtools SORT',
    });
    expect(gradeRegex('bcftools', '^samtools').correct).toBe(false);
  });
});

describe('gradeNumeric', () => {
  it.each([
    ['42', 42],
    ['The answer is 1,234.5 reads', 1234.5],
    ['p = 3.2e-5', 3.2e-5],
    ['The mean of 3 and 5 is 4', 4],
    ['Result: −2.5', -2.5],
    ['About .75 of the reads mapped', 0.75],
  ])('%j reads %d', (answer, value) => expect(extractNumber(answer)).toBeCloseTo(value, 12));

  it('applies the tolerance and refuses an answer with no number', () => {
    expect(gradeNumeric('0.049', 0.05, 0.001).correct).toBe(true);
    expect(gradeNumeric('0.047', 0.05, 0.001).correct).toBe(false);
    expect(gradeNumeric(String(0.1 + 0.2), 0.3).correct).toBe(true);
    expect(gradeNumeric('about half', 0.5)).toEqual({ correct: false, extracted: null });
  });
});

describe('parseJudgeVerdict', () => {
  it.each([
    ['CORRECT', 'correct'],
    ['incorrect.', 'incorrect'],
    ['  **Correct**\n', 'correct'],
    ['Correct, although the units are missing.', 'unparseable'],
    ['The answer is correct', 'unparseable'],
    ['INCORRECT CORRECT', 'unparseable'],
    ['', 'unparseable'],
  ])('%j is %s', (reply, verdict) => expect(parseJudgeVerdict(reply)).toBe(verdict));
});
