import { z } from 'zod';
import { findClosestMatch } from './closest-match.js';
import { CLOUD_TARGET } from './constants.js';

/**
 * The safety guard (DESIGN.md, Round 2 step 1): a local guard model (Llama Guard 3) classifies every
 * chat prompt before it is routed. It may only narrow: refuse, or let through.
 */
export const safetyGuardSchema = z.strictObject({
  /** The local role serving the guard model. Always on the cluster: a prompt is never sent away to be checked. */
  role: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'role names are lowercase words'),
  /** `block`: an unsafe prompt is refused; `flag`: it is served and its categories recorded. @default "block" */
  action: z.enum(['block', 'flag']).default('block'),
  /** When the guard cannot answer: `fail_closed` refuses the request, `fail_open` serves it with a warning. @default "fail_closed" */
  on_unavailable: z.enum(['fail_closed', 'fail_open']).default('fail_closed'),
  /** Longest wait for the guard's verdict, in milliseconds. @default 5000 */
  timeout_ms: z.number().int().positive().default(5_000),
});
export type SafetyGuardSettings = z.output<typeof safetyGuardSchema>;

type Problem = (path: (string | number)[], message: string, hint?: string, at?: 'key' | 'value') => void;

/** The guard role must be a local role of the profile (never `cloud`, in any profile). */
export function checkSafetyGuard(
  settings: SafetyGuardSettings | undefined,
  context: { roles: readonly string[]; registryEnabled: boolean },
  problem: Problem,
): void {
  if (settings === undefined) return;
  if (settings.role === CLOUD_TARGET) {
    problem(
      ['safety_guard', 'role'],
      'the safety guard must be a local role, not the cloud',
      'Name the role serving Llama Guard, e.g. role: guard.',
    );
    return;
  }
  if (context.roles.includes(settings.role) || context.registryEnabled) return;
  const closest = findClosestMatch(settings.role, context.roles);
  problem(
    ['safety_guard', 'role'],
    `role "${settings.role}" has no endpoint in vllm_endpoints`,
    closest === undefined
      ? `Add ${settings.role} to vllm_endpoints, or enable endpoint_registry.`
      : `Did you mean "${closest}"?`,
  );
}
