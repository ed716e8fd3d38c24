import type { ComplexityVerdict, RoutingCandidate, StrategyConfig } from '@biopipe/core';
import { planCascade, type CascadeOperation, type CascadeStep } from './cascade-plan.js';
import type { CascadingProviderRouter } from './cascading-provider-router.js';
import { decideRoute, type ComplexityStep } from './decide-route.js';

/** Which target would serve a task, why, and every candidate as the router sees it now. */
export interface RouteExplanation {
  strategy: string;
  task_type: string;
  /** A role or `cloud`. */
  target: string;
  /** The profile rule that decided. */
  rule: string;
  allow_cloud: boolean;
  complexity_score: number | null;
  /** Complexity routing's verdict, or null when the task has none. */
  complexity: ComplexityVerdict | null;
  /** The cascade in order. */
  steps: CascadeStep[];
  /** Replicas (with health, circuit, in-flight) then cloud models; nothing is called. */
  candidates: RoutingCandidate[];
}

export interface ExplainRouteOptions {
  router: CascadingProviderRouter;
  config: StrategyConfig;
  taskType: string;
  queryLength: number;
  /** The prompt, for the complexity step to score (in process; never recorded). */
  prompt?: string | undefined;
  complexityStep?: ComplexityStep | undefined;
}

/** The dry run behind `biopipe route`: the decision and the cascade, calling no model. */
export function explainRoute(options: ExplainRouteOptions): RouteExplanation {
  const { config } = options;
  const decision = decideRoute(
    config,
    options.taskType,
    { queryLength: options.queryLength, prompt: options.prompt },
    options.complexityStep,
  );
  const operation: CascadeOperation = options.taskType === 'embeddings' ? 'embeddings' : 'chat';
  const steps = planCascade(config, decision.target, operation);
  return {
    strategy: config.name,
    task_type: options.taskType,
    target: decision.target.kind === 'role' ? decision.target.role : 'cloud',
    rule: decision.rule,
    allow_cloud: config.allowCloud,
    complexity_score: decision.complexityScore,
    complexity: decision.complexity ?? null,
    steps,
    candidates: options.router.describe(steps),
  };
}
