import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  createSeededRandom,
  formatLlamaGuardAnswer,
  LLAMA_GUARD_CATEGORIES,
  loadEvalSuite,
  parseYamlConfig,
  readConfigFile,
  renderEvalMessages,
  UsageError,
  type EvalItem,
} from '@biopipe/core';
import { hashText } from './hash-text.js';

/** One suite a simulated role knows the answers to, and how often it gives the right one. */
export interface AnswerKeySuite {
  items: readonly EvalItem[];
  /** Probability (0…1) of answering an item correctly. */
  accuracy: number;
}

/** Answers the questions of known suites; anything else is left to the generation mode. */
export interface AnswerKey {
  /** The answer to a request whose last user message is an item's, or undefined for any other request. */
  answer(userText: string): string | undefined;
}

/** Multiple-choice answers in the shapes models write them, so a demo exercises the grader too. */
const LETTER_SHAPES = [
  (letter: string) => `The answer is (${letter}).`,
  (letter: string) => letter,
  (letter: string) => `**${letter}**`,
  (letter: string) => `Answer: ${letter}`,
];

function labelAnswer(label: string, category: string): string {
  // A safety item labelled with a hazard code is answered in Llama Guard 3's format, as the guard role would.
  return label === 'unsafe' && Object.hasOwn(LLAMA_GUARD_CATEGORIES, category)
    ? formatLlamaGuardAnswer({ verdict: 'unsafe', categories: [category] })
    : label;
}

function answerItem(item: EvalItem, accuracy: number, labels: readonly string[]): string | undefined {
  // Seeded by the item id alone: the same item gets the same draw on every run and every role, so a
  // role with a higher accuracy answers right a superset of the items a lower one does.
  const random = createSeededRandom(hashText(item.id));
  const correct = random() < accuracy;
  const pick = random();
  const expected = String(item.expected);
  switch (item.grader) {
    case 'multiple_choice': {
      const count = item.choices?.length ?? 4;
      const right = expected.toUpperCase().charCodeAt(0) - 65;
      const index = correct ? right : (right + 1 + Math.floor(pick * (count - 1))) % count;
      const shape = LETTER_SHAPES[Math.floor(pick * LETTER_SHAPES.length)] ?? LETTER_SHAPES[0];
      return shape?.(String.fromCharCode(65 + index));
    }
    case 'label': {
      if (correct) return labelAnswer(expected, item.category);
      const others = labels.filter((label) => label !== expected);
      const wrong = others[Math.floor(pick * others.length)] ?? `not ${expected}`;
      return labelAnswer(wrong, wrong === 'unsafe' ? 'S6' : item.category);
    }
    case 'numeric':
      return correct ? expected : String(Number(expected) * 2 + 1);
    case 'regex':
    case 'llm_judge':
      return undefined;
  }
}

/** An answer key over suites, matched by each item's last user message (as `eval run` sends it). */
export function createAnswerKey(suites: readonly AnswerKeySuite[]): AnswerKey {
  const byText = new Map<string, () => string | undefined>();
  for (const suite of suites) {
    const labels = [
      ...new Set(suite.items.filter((item) => item.grader === 'label').map((item) => String(item.expected))),
    ];
    for (const item of suite.items) {
      const text = renderEvalMessages(item)
        .filter((message) => message.role === 'user')
        .at(-1)?.content;
      if (text !== undefined) byText.set(text.trim(), () => answerItem(item, suite.accuracy, labels));
    }
  }
  return { answer: (userText) => byText.get(userText.trim())?.() };
}

const answerKeyFileSchema = z.strictObject({
  /** Suite file (relative to this file) -> role -> probability of a right answer. */
  suites: z.record(z.string().min(1), z.record(z.string().min(1), z.number().min(0).max(1))),
});

/**
 * Loads an answer-key file (`config/eval/answer-key.yaml`) for one role: the suites that name the
 * role, with its accuracy on each; undefined when none does.
 * @throws ConfigFileUnreadableError, ConfigValidationError
 */
export function loadAnswerKeyFile(file: string, role: string): AnswerKey | undefined {
  const text = readConfigFile(file, 'answer key');
  parseYamlConfig(text, file, answerKeyFileSchema);
  const { suites } = answerKeyFileSchema.parse(parse(text));
  const known: AnswerKeySuite[] = [];
  for (const [suiteFile, accuracies] of Object.entries(suites)) {
    const accuracy = accuracies[role];
    if (accuracy === undefined) continue;
    known.push({ items: loadEvalSuite(path.resolve(path.dirname(file), suiteFile)).items, accuracy });
  }
  return known.length === 0 ? undefined : createAnswerKey(known);
}

/**
 * Parses `SUITE=P[,SUITE=P…]` (the `VLLM_SIM_ANSWER_KEY` variable and `--answer-key` flag of a single
 * simulator, which has no role name). @throws UsageError naming the bad entry
 */
export function parseAnswerKeySpec(spec: string): AnswerKey {
  const suites = spec.split(',').map((entry) => {
    const at = entry.lastIndexOf('=');
    const accuracy = Number(entry.slice(at + 1));
    if (at <= 0 || entry.slice(at + 1).trim() === '' || !(accuracy >= 0 && accuracy <= 1))
      throw new UsageError(
        `Answer key "${entry}" is not SUITE.jsonl=P.`,
        'Give a suite file and the probability (0 to 1) of a right answer, e.g. config/eval/biomedical-mcq.jsonl=0.8.',
      );
    return { items: loadEvalSuite(entry.slice(0, at)).items, accuracy };
  });
  return createAnswerKey(suites);
}
