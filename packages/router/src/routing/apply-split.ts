import { randomUUID } from 'node:crypto';
import { CLOUD_TARGET, type StrategyConfig } from '@biopipe/core';
import { assignVariant } from './assign-variant.js';
import type { RouteDecision } from './decide-route.js';

/** What an A/B split keys on. */
export interface SplitKeys {
  /** `x-biopipe-session` or OpenAI `user`. */
  session?: string | undefined;
  requestId?: string | undefined;
}

/**
 * Step 2's A/B split (DESIGN.md, Round 2): when the task's entry is a split, the arm assigned by hash
 * replaces its first arm as the target, and the decision records the variant. Other tasks pass
 * through. Arms of a PHI-safe profile are local roles (checked at load).
 */
export function applySplit(
  config: StrategyConfig,
  decision: RouteDecision,
  keys: SplitKeys | undefined,
): RouteDecision {
  const split = config.splitFor(decision.taskType);
  if (split === undefined) return decision;
  const variant = assignVariant({
    experiment: split.experiment,
    settings: split.settings,
    session: keys?.session,
    requestId: keys?.requestId ?? randomUUID(),
  });
  return {
    ...decision,
    target: variant.arm === CLOUD_TARGET ? { kind: 'cloud' } : { kind: 'role', role: variant.arm },
    rule: `${decision.rule}.split.${variant.arm}`,
    variant,
  };
}
