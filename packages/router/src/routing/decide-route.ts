import { randomUUID } from 'node:crypto';
import type { SemanticReading } from '../complexity/semantic-signal.js';
import {
  CLOUD_TARGET,
  DEFAULT_TASK_KEY,
  type ComplexityVerdict,
  type RouteTarget,
  type StrategyConfig,
} from '@biopipe/core';
import { assignVariant, type VariantAssignment } from './assign-variant.js';

/** Where a request goes before the cascade runs, and which rule said so. */
export interface RouteDecision {
  taskType: string;
  target: RouteTarget;
  /** The profile rule that decided, e.g. `task_routing.code_generation` or `task_routing."*"`. */
  rule: string;
  /** Set by a complexity step when one scored the request; null otherwise. */
  complexityScore: number | null;
  /** The complexity step's verdict (score, threshold, weak or strong, features), when it scored. */
  complexity?: ComplexityVerdict | undefined;
  /** The A/B split's arm, when the task's entry is a split. */
  variant?: VariantAssignment | undefined;
}

/** What an A/B split keys on. */
export interface SplitKeys {
  /** `x-biopipe-session` or OpenAI `user`. */
  session?: string | undefined;
  requestId?: string | undefined;
}

/** What a complexity step may look at: never the prompt text's destination, only local facts. */
export interface RouteFacts {
  queryLength: number;
  /** The user's text, scored in process by a complexity step; never recorded or sent anywhere by it. */
  prompt?: string | undefined;
  /** The semantic signal, read on the cluster before the decision when the profile turns it on. */
  semantic?: SemanticReading | undefined;
  /** What an A/B split hashes (session, request id); without them a split keys on a fresh random id. */
  split?: SplitKeys | undefined;
}

/**
 * A step between "task type -> target" and the cascade (DESIGN.md, complexity routing): scores the
 * request locally and may return a different target. It must not call any model.
 */
export type ComplexityStep = (decision: RouteDecision, facts: RouteFacts, config: StrategyConfig) => RouteDecision;

/**
 * The A/B split (DESIGN.md, Round 2): when the task's entry is a split, the arm assigned by hash
 * replaces its first arm as the target, and the decision records the variant. Other tasks pass
 * through. Arms of a PHI-safe profile are local roles (checked at load).
 */
function applySplit(config: StrategyConfig, decision: RouteDecision, keys: SplitKeys | undefined): RouteDecision {
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

/**
 * Step 2 of the route decision, the target: the profile's task routing, then its A/B split (if any),
 * then the optional complexity step (a weak verdict keeps the arm; a strong one escalates to the task's
 * strong target). A step may never move a request of a PHI-safe profile to the cloud: that result is
 * refused here, once.
 * @throws UnknownTaskTypeError, BiopipeError (no route for the task)
 */
export function decideRoute(
  config: StrategyConfig,
  taskType: string,
  facts: RouteFacts,
  complexityStep?: ComplexityStep,
): RouteDecision {
  const target = config.routeFor(taskType);
  const rule =
    config.profile.task_routing[taskType] !== undefined
      ? `task_routing.${taskType}`
      : `task_routing."${DEFAULT_TASK_KEY}"`;
  const decision = applySplit(config, { taskType, target, rule, complexityScore: null }, facts.split);
  if (complexityStep === undefined) return decision;
  const stepped = complexityStep(decision, facts, config);
  if (stepped.target.kind === 'cloud' && !config.allowCloud) return decision;
  return stepped.complexity?.decision === 'weak' && decision.variant !== undefined
    ? { ...stepped, target: decision.target }
    : stepped;
}
