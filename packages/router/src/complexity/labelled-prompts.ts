import { ConfigValidationError, type ConfigProblem } from '@biopipe/core';
import { z } from 'zod';

/** One line of a labelled set (JSONL): a prompt, whether it needs the strong model, and its split. */
export const labelledPromptSchema = z.strictObject({
  id: z.string().min(1).optional(),
  /** Task type it was written for. @default none */
  task: z.string().min(1).optional(),
  label: z.enum(['easy', 'hard']),
  /** `train` or `test`; lines without one are training data. @default "train" */
  split: z.enum(['train', 'test']).default('train'),
  text: z.string(),
});
export type LabelledPrompt = z.output<typeof labelledPromptSchema>;

/** Lines read before giving up on a file that is plainly not a labelled set. */
const MAX_PROBLEMS = 20;

/**
 * Parses a labelled set: one JSON object per line (`{"label": "hard", "text": "…"}`), blank lines
 * allowed. Every bad line is reported with its number; prompt text never appears in the error.
 * @throws ConfigValidationError
 */
export function parseLabelledPrompts(text: string, source: string): LabelledPrompt[] {
  const prompts: LabelledPrompt[] = [];
  const problems: ConfigProblem[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length && problems.length < MAX_PROBLEMS; index += 1) {
    const line = (lines[index] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({
        path: '',
        line: index + 1,
        message: 'not a JSON object',
        hint: 'Write one object per line, e.g. {"label": "hard", "text": "Design a pipeline…"}.',
      });
      continue;
    }
    const parsed = labelledPromptSchema.safeParse(value);
    if (parsed.success) {
      prompts.push(parsed.data);
      continue;
    }
    const issue = parsed.error.issues[0];
    problems.push({
      path: issue?.path.join('.') ?? '',
      line: index + 1,
      message: issue?.message ?? 'invalid',
      hint: 'Each line needs "label" ("easy" or "hard") and "text"; "id", "task" and "split" are optional.',
    });
  }
  if (problems.length === 0 && prompts.length === 0)
    problems.push({ path: '', message: 'no labelled prompts', hint: 'Give at least one easy and one hard prompt.' });
  if (problems.length > 0) throw new ConfigValidationError(source, problems);
  return prompts;
}
