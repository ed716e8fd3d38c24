import type { EvalItem } from '@biopipe/core';
import { extractChoiceLetter } from './extract-choice-letter.js';

/** How one answer was graded: right or wrong, and what was read from it (null: nothing could be). */
export interface Grade {
  correct: boolean;
  extracted: string | null;
}

/** Lowercase, markdown and punctuation gone, `_`/`-` as spaces, whitespace collapsed. */
export function normaliseLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[_-]+/g, ' ')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A label answer is right when the whole answer, its first line, or what follows "label:" / "answer:" is the label. */
export function gradeLabel(answer: string, expected: string): Grade {
  const wanted = normaliseLabel(expected);
  const firstLine = answer.trim().split('\n')[0] ?? '';
  const afterMarker = /\b(?:label|answer|category|classification)\s*(?:is|:)\s*(.+)/i.exec(answer)?.[1] ?? '';
  const readings = [answer, firstLine, afterMarker.split('\n')[0] ?? ''].map(normaliseLabel);
  const extracted = readings.find((reading) => reading === wanted) ?? readings[1] ?? null;
  return { correct: readings.includes(wanted), extracted: extracted === '' ? null : extracted };
}

/** Right when the expected pattern (case-insensitive) matches anywhere in the answer. */
export function gradeRegex(answer: string, pattern: string): Grade {
  const match = new RegExp(pattern, 'i').exec(answer);
  return { correct: match !== null, extracted: match?.[0] ?? null };
}

const NUMBER = String.raw`[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-−+]?\.\d+(?:[eE][-+]?\d+)?`;

function toNumber(text: string): number {
  return Number(text.replace(/−/g, '-').replace(/,/g, ''));
}

/**
 * The number an answer gives: the first one after its last "answer"/"result"/"=" marker, else the
 * last number in the text (reasoning usually comes first, as in "3 and 5 give a mean of 4").
 */
export function extractNumber(answer: string): number | null {
  const markers = [...answer.matchAll(/\b(?:answer|result)\b[^\d\n−+.-]*|=/gi)];
  const lastMarker = markers.at(-1);
  if (lastMarker !== undefined) {
    const after = new RegExp(NUMBER).exec(answer.slice(lastMarker.index + lastMarker[0].length));
    if (after !== null) return toNumber(after[0]);
  }
  const all = [...answer.matchAll(new RegExp(NUMBER, 'g'))];
  const last = all.at(-1);
  return last === undefined ? null : toNumber(last[0]);
}

/** Right when the answer's number is within `tolerance` of the expected one. */
export function gradeNumeric(answer: string, expected: number, tolerance = 0): Grade {
  const value = extractNumber(answer);
  if (value === null || !Number.isFinite(value)) return { correct: false, extracted: null };
  // A relative epsilon keeps 0.1 + 0.2 against 0.3 right with tolerance 0.
  const slack = tolerance + Math.abs(expected) * 1e-12;
  return { correct: Math.abs(value - expected) <= slack, extracted: String(value) };
}

/** Right when the answer commits to the expected letter. */
export function gradeMultipleChoice(answer: string, expected: string, choiceCount?: number): Grade {
  const letter = extractChoiceLetter(answer, choiceCount ?? 26);
  return { correct: letter !== null && letter === expected.toUpperCase(), extracted: letter };
}

/** Grades an answer with the item's grader; the LLM judge goes through `gradeWithJudge` instead. */
export function gradeAnswer(item: EvalItem, answer: string): Grade {
  switch (item.grader) {
    case 'multiple_choice':
      return gradeMultipleChoice(answer, String(item.expected), item.choices?.length);
    case 'label':
      return gradeLabel(answer, String(item.expected));
    case 'regex':
      return gradeRegex(answer, String(item.expected));
    case 'numeric':
      return gradeNumeric(answer, Number(item.expected), item.tolerance ?? 0);
    case 'llm_judge':
      throw new Error('llm_judge items are graded by the judge target (gradeWithJudge).');
  }
}
