import type { RoutingCandidate, StrategyConfig } from '@biopipe/core';
import type { ChatMessage } from '../providers/provider.js';
import { createAffinityKey } from '../replica-choice/affinity-key.js';
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
  complexityStep?: ComplexityStep | undefined;
  /** The request as it would be sent, so replicas show their matched prefix. @default none */
  messages?: readonly ChatMessage[] | undefined;
  session?: string | undefined;
}

/** The dry run behind `biopipe route`: the decision and the cascade, calling no model. */
export function explainRoute(options: ExplainRouteOptions): RouteExplanation {
  const { config } = options;
  const decision = decideRoute(config, options.taskType, { queryLength: options.queryLength }, options.complexityStep);
  const operation: CascadeOperation = options.taskType === 'embeddings' ? 'embeddings' : 'chat';
  const steps = planCascade(config, decision.target, operation);
  return {
    strategy: config.name,
    task_type: options.taskType,
    target: decision.target.kind === 'role' ? decision.target.role : 'cloud',
    rule: decision.rule,
    allow_cloud: config.allowCloud,
    complexity_score: decision.complexityScore,
    steps,
    candidates: options.router.describe(
      steps,
      options.messages === undefined || decision.target.kind !== 'role' || operation !== 'chat'
        ? undefined
        : createAffinityKey({
            config,
            role: decision.target.role,
            messages: options.messages,
            session: options.session,
          }),
    ),
  };
}
