import { z } from 'zod';
import { findClosestMatch } from './closest-match.js';
import { CLOUD_TARGET } from './constants.js';

const ARM_PATTERN = /^[a-z][a-z0-9_-]*$/;

/**
 * An A/B split of one task's traffic between route targets (issue 18): `{split: {generalist: 50,
 * biomed: 50}, sticky: session}`. Each request is assigned an arm by a hash, so the same session (or
 * request id) always lands on the same arm, on every process.
 */
export const abSplitSchema = z.strictObject({
  /** Arm (a role, or `cloud` in a profile that allows it) -> percentage of the task's traffic; the percentages sum to 100. */
  split: z
    .record(z.string().regex(ARM_PATTERN, 'arm names are role names (lowercase words) or "cloud"'), z.number())
    .refine((arms) => Object.keys(arms).length >= 2, { message: 'a split needs at least two arms' }),
  /** What keeps a caller on one arm: `session` (`x-biopipe-session` or OpenAI `user`; the request id when absent) or `request`. @default "session" */
  sticky: z.enum(['session', 'request']).default('session'),
});
export type AbSplitSettings = z.output<typeof abSplitSchema>;

/** One `task_routing` entry: a role, `cloud`, or an A/B split. */
export const taskRouteSchema = z.union([z.string().min(1), abSplitSchema], {
  error: 'must be a role name, "cloud", or an A/B split such as {split: {generalist: 50, biomed: 50}, sticky: session}',
});
export type TaskRouteEntry = z.output<typeof taskRouteSchema>;

/** The targets an entry may send a request to: the role (or `cloud`), or every arm of a split. */
export function entryTargets(entry: TaskRouteEntry): string[] {
  return typeof entry === 'string' ? [entry] : Object.keys(entry.split);
}

/** The target that stands for an entry where one is needed without a request (coverage, stand-ins): a split's first arm. */
export function primaryTarget(entry: TaskRouteEntry): string {
  return typeof entry === 'string' ? entry : (Object.keys(entry.split)[0] ?? CLOUD_TARGET);
}

/** What the check below needs from the profile, so it does not depend on the profile schema. */
export interface AbSplitContext {
  allowCloud: boolean;
  roles: readonly string[];
  registryEnabled: boolean;
}

type Problem = (path: (string | number)[], message: string, hint?: string, at?: 'key' | 'value') => void;

/**
 * Load-time invariants of one split: whole percentages from 1 to 100 that sum to 100, arms that
 * exist, and no `cloud` arm in a PHI-safe profile (it may only split between local roles).
 */
export function checkAbSplit(
  path: (string | number)[],
  split: AbSplitSettings,
  context: AbSplitContext,
  problem: Problem,
): void {
  let total = 0;
  for (const [arm, share] of Object.entries(split.split)) {
    const armPath = [...path, 'split', arm];
    total += share;
    if (!Number.isInteger(share) || share < 1 || share > 99)
      problem(
        armPath,
        `share ${share} must be a whole percentage from 1 to 99`,
        'Give each arm a whole number; the arms sum to 100.',
      );
    if (arm === CLOUD_TARGET) {
      if (!context.allowCloud)
        problem(
          armPath,
          'is the cloud, but allow_cloud is false (a PHI-safe profile may only split between local roles)',
          'Split between local roles, e.g. split: { generalist: 50, biomed: 50 }.',
          'key',
        );
      continue;
    }
    if (context.roles.includes(arm) || context.registryEnabled) continue;
    const closest = findClosestMatch(arm, context.roles);
    problem(
      armPath,
      `role "${arm}" has no endpoint in vllm_endpoints`,
      closest === undefined
        ? `Add ${arm} to vllm_endpoints (roles now: ${context.roles.join(', ') || 'none'}), or enable endpoint_registry.`
        : `Did you mean "${closest}"?`,
      'key',
    );
  }
  if (total !== 100)
    problem(
      [...path, 'split'],
      `the shares sum to ${total}, not 100`,
      'Make the percentages of the arms add up to 100.',
    );
}
