import { z } from 'zod';
import { findClosestMatch } from './closest-match.js';
import { CLOUD_TARGET, TASK_TYPES } from './constants.js';

/** One task's complexity routing: a local score picks `weak` below the threshold, `strong` at or above it. */
export const complexityTaskSchema = z
  .strictObject({
    /** Target for easy requests: a role (usually the task's static role). */
    weak: z.string().min(1),
    /** Target for hard requests: `cloud` (the cloud chain) or a larger local role. */
    strong: z.string().min(1),
    /** Scores at or above this go to `strong`; 0–1. Give this or `target_strong_share`. */
    threshold: z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').optional(),
    /**
     * Share of requests that should reach `strong` (0–1); the threshold is that quantile of the
     * scorer's reference scores until `biopipe complexity calibrate` computes one from your traffic.
     */
    target_strong_share: z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').optional(),
  })
  .refine((value) => (value.threshold === undefined) !== (value.target_strong_share === undefined), {
    message: 'give exactly one of threshold or target_strong_share',
  });

/**
 * The optional semantic signal: the prompt's similarity to banks of easy and hard examples, embedded
 * by a local role. `weight × (best cosine to a hard example − best cosine to an easy one)` is added
 * to the score's log-odds; without an answer in `timeout_ms` the score is the lexical one.
 */
export const complexitySemanticSchema = z.strictObject({
  /** Local role whose servers embed the prompt and the banks (never a cloud model). @default "embeddings" */
  role: z.string().min(1).default('embeddings'),
  /** Weight of the similarity margin in log-odds. @default 2 */
  weight: z.number().min(0, 'must be from 0 to 20').max(20, 'must be from 0 to 20').default(2),
  /** Easy and hard example banks (JSON or YAML); relative paths are from the profile's directory. @default the built-in config/complexity/semantic-banks.json */
  banks: z.string().min(1).optional(),
  /** Longest wait for the embedding per request, in ms. @default 200 */
  timeout_ms: z
    .number()
    .int('must be a whole number of milliseconds')
    .min(1, 'must be from 1 to 10000 ms')
    .max(10_000, 'must be from 1 to 10000 ms')
    .default(200),
});

/** `complexity_routing:` in a strategy profile (issue 15). Off when absent. */
export const complexityRoutingSchema = z.strictObject({
  /** Weights file from `biopipe complexity train`; relative paths are from the profile's directory. @default the built-in config/complexity/weights.json */
  weights: z.string().min(1).optional(),
  /** Similarity to example banks, embedded on the cluster. @default off */
  semantic: complexitySemanticSchema.optional(),
  /** Task type -> weak and strong targets and the threshold. */
  tasks: z.record(z.string(), complexityTaskSchema),
});

export type ComplexityTaskSettings = z.output<typeof complexityTaskSchema>;
export type ComplexityRoutingSettings = z.output<typeof complexityRoutingSchema>;
export type ComplexitySemanticSettings = z.output<typeof complexitySemanticSchema>;

/** What the check below needs from the profile, so it does not depend on the profile schema. */
export interface ComplexityRoutingContext {
  allowCloud: boolean;
  roles: readonly string[];
  registryEnabled: boolean;
  fallbackLength: number;
}

type Problem = (path: (string | number)[], message: string, hint?: string, at?: 'key' | 'value') => void;

/**
 * Load-time invariants of `complexity_routing`: known task types, targets that exist, and no cloud
 * target in a PHI-safe profile (it may only choose between local roles).
 */
export function checkComplexityRouting(
  settings: ComplexityRoutingSettings | undefined,
  context: ComplexityRoutingContext,
  problem: Problem,
): void {
  if (settings === undefined) return;
  const checkTarget = (path: (string | number)[], target: string): void => {
    if (target === CLOUD_TARGET) {
      if (!context.allowCloud)
        problem(
          path,
          'is the cloud, but allow_cloud is false (a PHI-safe profile may only choose between local roles)',
          'Name a larger local role as the strong target, or remove this task from complexity_routing.',
        );
      else if (context.fallbackLength === 0)
        problem(path, 'is the cloud, but the fallback chain is empty', 'List at least one cloud model under fallback.');
      return;
    }
    if (context.roles.includes(target) || context.registryEnabled) return;
    const closest = findClosestMatch(target, [...context.roles, ...(context.allowCloud ? [CLOUD_TARGET] : [])]);
    problem(
      path,
      `unknown target "${target}": not a role in vllm_endpoints${context.allowCloud ? ' nor "cloud"' : ''}`,
      closest === undefined ? `Roles: ${context.roles.join(', ') || 'none'}.` : `Did you mean "${closest}"?`,
    );
  };
  const semanticRole = settings.semantic?.role;
  // Deciding whether a prompt may go to the cloud must not itself send it there.
  if (semanticRole === CLOUD_TARGET)
    problem(
      ['complexity_routing', 'semantic', 'role'],
      'must be a local role: prompts are embedded on the cluster, never by a cloud model',
      'Name the local embeddings role, e.g. role: embeddings.',
    );
  else if (semanticRole !== undefined) checkTarget(['complexity_routing', 'semantic', 'role'], semanticRole);
  for (const [task, entry] of Object.entries(settings.tasks)) {
    const path = ['complexity_routing', 'tasks', task];
    if (!(TASK_TYPES as readonly string[]).includes(task)) {
      const closest = findClosestMatch(task, TASK_TYPES);
      problem(
        path,
        `unknown task type "${task}"`,
        closest === undefined ? `Task types: ${TASK_TYPES.join(', ')}.` : `Did you mean "${closest}"?`,
        'key',
      );
      continue;
    }
    checkTarget([...path, 'weak'], entry.weak);
    checkTarget([...path, 'strong'], entry.strong);
    if (entry.weak === entry.strong)
      problem([...path, 'strong'], `is the same target as weak ("${entry.weak}")`, 'Name a stronger target.');
  }
}
