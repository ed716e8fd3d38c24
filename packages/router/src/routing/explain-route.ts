import type { ComplexityVerdict, RoutingCandidate, StrategyConfig } from '@biopipe/core';
import type { ChatMessage } from '../providers/provider.js';
import { createAffinityKey } from '../replica-choice/affinity-key.js';
import { planCascade, type CascadeOperation, type CascadeStep } from './cascade-plan.js';
import type { CascadingProviderRouter } from './cascading-provider-router.js';
import type { VariantAssignment } from './assign-variant.js';
import { decideRoute, type ComplexityStep } from './decide-route.js';
import { guardRoute } from '../guards/guard-route.js';
import type { BudgetStatus } from '../guards/budget-guard.js';
import type { PhiCategory } from '@biopipe/core';
import type { SemanticReading } from '../complexity/semantic-signal.js';

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
  /** The PHI guard's verdict on the prompt (categories only); absent when the guard does not apply. */
  phi_guard?: { flagged: boolean; categories: PhiCategory[] } | undefined;
  /** Spend against the profile's budget, when it has one and a ledger is wired. */
  budget?: BudgetStatus | undefined;
  /** The guard that kept this request on the cluster, if one did. */
  narrowed_by?: 'phi' | 'budget' | undefined;
  /** The A/B split's arm this request would get (keyed by `session`, else a fresh request id). */
  variant?: VariantAssignment | undefined;
}

export interface ExplainRouteOptions {
  router: CascadingProviderRouter;
  config: StrategyConfig;
  taskType: string;
  queryLength: number;
  /** The request's texts, for the PHI guard (nothing is sent anywhere). @default [] */
  texts?: readonly string[] | undefined;
  /** The prompt, for the complexity step to score (in process; never recorded). */
  prompt?: string | undefined;
  complexityStep?: ComplexityStep | undefined;
  /** The semantic signal, read beforehand on the cluster (`ModelOrchestrator.readSemantic`). @default none */
  semantic?: SemanticReading | undefined;
  /** The request as it would be sent, so replicas show their matched prefix. @default none */
  messages?: readonly ChatMessage[] | undefined;
  session?: string | undefined;
}

/**
 * The dry run behind `biopipe route`: the decision, the guards and the cascade, calling no model.
 * @throws what the request itself would fail with before any call (a guard's refusal included)
 */
export function explainRoute(options: ExplainRouteOptions): RouteExplanation {
  const { config } = options;
  const decision = decideRoute(
    config,
    options.taskType,
    {
      queryLength: options.queryLength,
      prompt: options.prompt,
      semantic: options.semantic,
      split: { session: options.session },
    },
    options.complexityStep,
  );
  const operation: CascadeOperation = options.taskType === 'embeddings' ? 'embeddings' : 'chat';
  const guarded = guardRoute({
    config,
    operation,
    steps: planCascade(config, decision.target, operation),
    texts: options.texts ?? [],
    spendLedger: options.router.spendLedger,
    now: new Date(options.router.now()),
  });
  if (guarded.failure !== undefined) throw guarded.failure;
  const { steps, report } = guarded;
  const decided = decision.target.kind === 'role' ? decision.target.role : 'cloud';
  return {
    strategy: config.name,
    task_type: options.taskType,
    target: report.narrowedBy !== undefined && steps[0] !== undefined ? steps[0].target : decided,
    rule:
      report.narrowedBy === undefined
        ? decision.rule
        : `${decision.rule}, narrowed to local by ${report.narrowedBy === 'phi' ? 'phi_guard' : 'budget'}`,
    allow_cloud: config.allowCloud,
    complexity_score: decision.complexityScore,
    complexity: decision.complexity ?? null,
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
    phi_guard:
      report.phi === undefined ? undefined : { flagged: report.phi.flagged, categories: report.phi.categories },
    budget: report.budget,
    narrowed_by: report.narrowedBy,
    ...(decision.variant === undefined ? {} : { variant: decision.variant }),
  };
}
