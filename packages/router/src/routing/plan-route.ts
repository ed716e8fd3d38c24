import { normalizeError, type BiopipeError, type SpendLedger, type StrategyConfig } from '@biopipe/core';
import { guardRoute, type GuardedRoute, type GuardReport } from '../guards/guard-route.js';
import { planCascade, type CascadeOperation, type CascadeStep } from './cascade-plan.js';
import { decideRoute, type ComplexityStep, type RouteDecision, type RouteFacts } from './decide-route.js';

export interface PlanRouteOptions {
  config: StrategyConfig;
  taskType: string;
  operation: CascadeOperation;
  /** What the target step may look at (length, prompt, semantic signal, split keys). */
  facts: RouteFacts;
  complexityStep: ComplexityStep | undefined;
  /** Every text of the request, for the PHI guard (nothing is sent anywhere). */
  texts: readonly string[];
  spendLedger: SpendLedger | undefined;
  now: Date;
}

/** A request's route, decided and guarded: what the cascade will run, and why. */
export interface PlannedRoute {
  decision: RouteDecision;
  /** The target as served: the decided one, or the local role a guard narrowed it to. */
  target: string;
  /** The cascade after the guards (empty when the request may not run). */
  steps: CascadeStep[];
  /** What the guards decided; undefined when the route failed before them. */
  report: GuardReport | undefined;
  refuse: GuardedRoute['refuse'];
  /** Why the request cannot run at all (no chain for a cloud target, a guard's refusal). */
  failure: BiopipeError | undefined;
}

/**
 * The route decision as far as it goes without calling anything (DESIGN.md, Round 2): the target
 * (`decideRoute`), its cascade (`planCascade`), then the guards (`guardRoute`), which judge the planned
 * cascade and so may only narrow it. `biopipe route` and every request share it.
 * @throws what `decideRoute` throws (unknown task type, no route): there is no decision to report then
 */
export function planRoute(options: PlanRouteOptions): PlannedRoute {
  const { config, operation } = options;
  const decision = decideRoute(config, options.taskType, options.facts, options.complexityStep);
  const decided = decision.target.kind === 'role' ? decision.target.role : 'cloud';
  let guarded: GuardedRoute;
  try {
    guarded = guardRoute({
      config,
      operation,
      steps: planCascade(config, decision.target, operation),
      texts: options.texts,
      spendLedger: options.spendLedger,
      now: options.now,
    });
  } catch (error) {
    return {
      decision,
      target: decided,
      steps: [],
      report: undefined,
      refuse: undefined,
      failure: normalizeError(error),
    };
  }
  const { steps, report } = guarded;
  const first = steps[0];
  return {
    decision,
    target: report.narrowedBy !== undefined && first !== undefined ? first.target : decided,
    steps,
    report,
    refuse: guarded.refuse,
    failure: guarded.failure,
  };
}
