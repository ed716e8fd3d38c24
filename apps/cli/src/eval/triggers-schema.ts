import path from 'node:path';
import { z } from 'zod';
import { builtinConfigDir, parseYamlConfig, readConfigFile, taskTypeSchema } from '@biopipe/core';

/** One trigger: a suite, the measurement that calls for a specialist, and the specialist. */
const triggerSchema = z
  .strictObject({
    /** What the trigger is for, shown in output. @default "" */
    description: z.string().default(''),
    /** Suite file, relative to the triggers file. */
    suite: z.string().min(1),
    /** The task type the specialist would take over. */
    task_type: taskTypeSchema,
    /** `accuracy` (fires below `below`) or `false_negative_rate` of unsafe prompts (fires above `above`). */
    metric: z.enum(['accuracy', 'false_negative_rate']),
    below: z.number().gt(0).max(1).optional(),
    above: z.number().min(0).lt(1).optional(),
    /** The fleet role to add (an optional role of config/fleet.yaml). */
    role: z.string().regex(/^[a-z][a-z0-9_-]*$/),
    /** The profile change: an A/B `split` of the task between its current target and the role, or a `safety_guard`. */
    change: z.enum(['split', 'safety_guard']),
  })
  .superRefine((trigger, context) => {
    const wanted = trigger.metric === 'accuracy' ? 'below' : 'above';
    if (trigger[wanted] === undefined)
      context.addIssue({ code: 'custom', path: [wanted], message: `the ${trigger.metric} metric needs "${wanted}"` });
    const other = wanted === 'below' ? 'above' : 'below';
    if (trigger[other] !== undefined)
      context.addIssue({
        code: 'custom',
        path: [other],
        message: `the ${trigger.metric} metric takes "${wanted}", not "${other}"`,
      });
  });

const triggersFileSchema = z.strictObject({
  triggers: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/), triggerSchema),
});

/** A trigger as loaded, with its suite path resolved. */
export type Trigger = z.output<typeof triggerSchema> & { name: string; suitePath: string; threshold: number };

/** `config/triggers.yaml`. */
export function defaultTriggersPath(): string {
  return path.join(builtinConfigDir(), 'triggers.yaml');
}

/** Loads a triggers file. @throws ConfigFileUnreadableError, ConfigValidationError (file and line) */
export function loadTriggers(file: string = defaultTriggersPath()): Trigger[] {
  const { triggers } = parseYamlConfig(readConfigFile(file, 'triggers file'), file, triggersFileSchema);
  return Object.entries(triggers).map(([name, trigger]) => ({
    ...trigger,
    name,
    suitePath: path.resolve(path.dirname(file), trigger.suite),
    threshold: (trigger.metric === 'accuracy' ? trigger.below : trigger.above) ?? 0,
  }));
}
