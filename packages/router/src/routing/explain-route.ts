import type { ComplexityVerdict, PhiCategory, RoutingCandidate } from '@biopipe/core';
import type { BudgetStatus } from '../guards/budget-guard.js';
import type { SemanticReading } from '../complexity/semantic-signal.js';
import type { ChatMessage } from '../providers/provider.js';
import { createAffinityKey } from '../replica-choice/affinity-key.js';
import type { VariantAssignment } from './assign-variant.js';
import { describeCandidates } from './cascade-candidates.js';
import type { CascadeStep } from './cascade-plan.js';
import { planRoute } from './plan-route.js';
import { userText } from './request-messages.js';
import type { RouterParts } from './router-parts.js';

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

/** The request a dry run explains. */
export interface ExplainedRequest {
  taskType: string;
  queryLength: number;
  /** The request as it would be sent: scored, checked by the PHI guard, matched against prefixes; never sent. @default none */
  messages?: readonly ChatMessage[] | undefined;
  session?: string | undefined;
  /** The semantic signal, read beforehand on the cluster (`ModelOrchestrator.readSemantic`). @default none */
  semantic?: SemanticReading | undefined;
}

/**
 * The dry run behind `biopipe route`: the route a request would take (`planRoute`, as a request runs
 * it) and its candidates, calling no model.
 * @throws what the request itself would fail with before any call (a guard's refusal included)
 */
export function explainRoute(parts: RouterParts, request: ExplainedRequest): RouteExplanation {
  const { config } = parts;
  const { messages } = request;
  const operation = request.taskType === 'embeddings' ? 'embeddings' : 'chat';
  const route = planRoute({
    config,
    taskType: request.taskType,
    operation,
    facts: {
      queryLength: request.queryLength,
      prompt: messages === undefined ? undefined : userText(messages),
      semantic: request.semantic,
      split: { session: request.session },
    },
    complexityStep: parts.complexityStep,
    texts: messages?.map((message) => message.content) ?? [],
    spendLedger: parts.spendLedger,
    now: new Date(parts.clock.now()),
  });
  if (route.failure !== undefined) throw route.failure;
  const { decision, steps, report } = route;
  const narrowedBy = report?.narrowedBy;
  return {
    strategy: config.name,
    task_type: request.taskType,
    target: route.target,
    rule:
      narrowedBy === undefined
        ? decision.rule
        : `${decision.rule}, narrowed to local by ${narrowedBy === 'phi' ? 'phi_guard' : 'budget'}`,
    allow_cloud: config.allowCloud,
    complexity_score: decision.complexityScore,
    complexity: decision.complexity ?? null,
    steps,
    candidates: describeCandidates(
      parts,
      steps,
      messages === undefined || decision.target.kind !== 'role' || operation !== 'chat'
        ? undefined
        : createAffinityKey({ config, role: decision.target.role, messages, session: request.session }),
    ),
    phi_guard:
      report?.phi === undefined ? undefined : { flagged: report.phi.flagged, categories: report.phi.categories },
    budget: report?.budget,
    narrowed_by: narrowedBy,
    ...(decision.variant === undefined ? {} : { variant: decision.variant }),
  };
}
