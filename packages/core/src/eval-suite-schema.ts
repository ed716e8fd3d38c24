import { z } from 'zod';
import { taskTypeSchema } from './task-types.js';

/** How an answer is checked against `expected`. */
export const EVAL_GRADERS = ['multiple_choice', 'label', 'regex', 'numeric', 'llm_judge'] as const;
export type EvalGraderName = (typeof EVAL_GRADERS)[number];

const chatMessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});

/**
 * One line of an evaluation suite (JSONL). Give `prompt` or `messages`, not both. Strict: an unknown
 * key is an error naming the closest valid one.
 */
export const evalItemSchema = z
  .strictObject({
    /** Unique within the suite; results and resumption are keyed by it. */
    id: z.string().min(1).max(200),
    /** Task type the request is routed as. */
    task_type: taskTypeSchema,
    /** The question, as one user message. */
    prompt: z.string().min(1).optional(),
    /** The conversation, when one message is not enough. */
    messages: z.array(chatMessageSchema).min(1).optional(),
    /** Multiple choice options, shown after the prompt as `A. …`, `B. …`. */
    choices: z.array(z.string().min(1)).min(2).max(26).optional(),
    /** The right answer: a letter, a label, a regular expression, a number, or the judge's reference answer. */
    expected: z.union([z.string().min(1), z.number()]),
    /** @default "multiple_choice" with choices, "numeric" for a number, else "label" */
    grader: z.enum(EVAL_GRADERS).optional(),
    /** For `numeric`: the absolute difference still counted right. @default 0 */
    tolerance: z.number().min(0).optional(),
    /** Groups items in the per-category table. @default "all" */
    category: z.string().min(1).optional(),
  })
  .superRefine((item, context) => {
    if ((item.prompt === undefined) === (item.messages === undefined))
      context.addIssue({ code: 'custom', path: ['prompt'], message: 'give exactly one of prompt or messages' });
    if (item.messages !== undefined && !item.messages.some((message) => message.role === 'user'))
      context.addIssue({ code: 'custom', path: ['messages'], message: 'needs at least one user message' });
    const grader = item.grader;
    if (grader === 'numeric' && !Number.isFinite(Number(item.expected)))
      context.addIssue({ code: 'custom', path: ['expected'], message: 'the numeric grader needs a number' });
    if (grader === 'multiple_choice' && !/^[A-Za-z]$/.test(String(item.expected)))
      context.addIssue({ code: 'custom', path: ['expected'], message: 'the multiple_choice grader needs one letter' });
    if (grader === 'regex') {
      try {
        new RegExp(String(item.expected), 'i');
      } catch (error) {
        context.addIssue({
          code: 'custom',
          path: ['expected'],
          message: `not a valid regular expression: ${(error as Error).message}`,
        });
      }
    }
  });

/** One suite item as written. */
export type EvalItemInput = z.output<typeof evalItemSchema>;

/** One suite item with its grader decided and its line in the file. */
export interface EvalItem extends EvalItemInput {
  grader: EvalGraderName;
  category: string;
  /** 1-based line in the suite file. */
  line: number;
}

/** The grader an item gets when it names none. */
export function defaultGrader(item: EvalItemInput): EvalGraderName {
  if (item.grader !== undefined) return item.grader;
  if (item.choices !== undefined) return 'multiple_choice';
  return typeof item.expected === 'number' ? 'numeric' : 'label';
}

/** The chat messages an item is sent as: its messages, or its prompt with the choices lettered below it. */
export function renderEvalMessages(
  item: EvalItemInput,
): Array<{ role: 'system' | 'user' | 'assistant'; content: string }> {
  if (item.messages !== undefined) return item.messages.map((message) => ({ ...message }));
  const choices = (item.choices ?? []).map((choice, index) => `${String.fromCharCode(65 + index)}. ${choice}`);
  const content = choices.length === 0 ? (item.prompt ?? '') : `${item.prompt ?? ''}\n\n${choices.join('\n')}`;
  return [{ role: 'user', content }];
}
