import { z } from 'zod';
import { PROFILE_NAME_PATTERN } from './profile-files.js';
import { TASK_TYPES } from './task-types.js';

/**
 * Text that changes from one request or one day to the next. One such byte early in a system prompt
 * changes every KV block after it, so no replica's prefix cache could ever hit (vLLM hashes blocks
 * from position 0).
 */
const UNSTABLE_TEXT: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /\b\d{4}-\d{2}-\d{2}\b/, what: 'a date' },
  { pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i, what: 'a UUID' },
  { pattern: /\{\{|\{%/, what: 'a placeholder to fill in per request' },
];

/** A bioinformatics context template as written in `config/templates/NAME.yaml`. Strict. */
export const contextTemplateSchema = z
  .strictObject({
    /** The template's name; equals its file name without `.yaml`. */
    template_name: z.string().regex(PROFILE_NAME_PATTERN, 'must match ^[a-z0-9][a-z0-9_-]*$'),
    /** Bumped on every change of `system`; sent inside the text, so an old cached prefix never passes for the new one. */
    version: z.number().int().positive(),
    /** One line shown by `biopipe templates list`. @default "" */
    description: z.string().default(''),
    /** Task types it is written for (documentation; a profile decides where it applies). @default [] */
    task_types: z.array(z.enum(TASK_TYPES)).default([]),
    /** The system prompt. Byte-stable: no dates, ids or placeholders. */
    system: z.string().min(1, 'must not be empty'),
  })
  .superRefine((template, context) => {
    for (const { pattern, what } of UNSTABLE_TEXT) {
      const found = pattern.exec(template.system);
      if (found === null) continue;
      context.addIssue({
        code: 'custom',
        path: ['system'],
        message: `holds ${what} ("${found[0]}"): templates must be byte-stable, or no replica's prefix cache can reuse them`,
        params: { hint: 'Move anything that varies into the request itself, after the template.' },
      });
    }
  });

export type ContextTemplate = z.output<typeof contextTemplateSchema>;

/** The first line of every applied template: the name and version, so a changed template never matches an old cache. */
export function templateHeader(template: ContextTemplate): string {
  return `[biopipe context template ${template.template_name}@${template.version}]`;
}
