import type { EvalItem } from '@biopipe/core';
import { renderEvalMessages } from '@biopipe/core';
import type { Grade } from './graders.js';

/** The judge's verdict: strictly `CORRECT` or `INCORRECT`, else `unparseable` (counted wrong). */
export type JudgeVerdict = 'correct' | 'incorrect' | 'unparseable';

/** The request sent to the judge target: the question, the reference answer and the answer to judge. */
export function buildJudgePrompt(item: EvalItem, answer: string): string {
  const question = renderEvalMessages(item)
    .filter((message) => message.role === 'user')
    .map((message) => message.content)
    .join('\n');
  return [
    'You grade answers to a bioinformatics question against a reference answer.',
    'Reply with exactly one word: CORRECT if the answer agrees with the reference, INCORRECT otherwise.',
    '',
    `Question:\n${question}`,
    '',
    `Reference answer:\n${String(item.expected)}`,
    '',
    `Answer to grade:\n${answer}`,
  ].join('\n');
}

/**
 * Parses the judge's reply strictly: the whole reply, trimmed, must be CORRECT or INCORRECT (any
 * case, one optional full stop, optional bold). Anything longer is not a verdict — a judge that
 * rambles "correct, although…" must not be read as agreeing.
 */
export function parseJudgeVerdict(reply: string): JudgeVerdict {
  const word = reply
    .trim()
    .replace(/^\*\*(.*)\*\*$/s, '$1')
    .replace(/\.$/, '')
    .trim()
    .toLowerCase();
  if (word === 'correct') return 'correct';
  if (word === 'incorrect') return 'incorrect';
  return 'unparseable';
}

/** The grade from a judge's reply; `extracted` holds the verdict. */
export function gradeFromVerdict(reply: string): Grade {
  const verdict = parseJudgeVerdict(reply);
  return { correct: verdict === 'correct', extracted: verdict };
}
