import {
  BudgetExceededError,
  DEFAULT_TASK_KEY,
  PhiHeldError,
  primaryTarget,
  type AttemptRecord,
  type BiopipeError,
  type SpendLedger,
  type StrategyConfig,
} from '@biopipe/core';
import type { CascadeOperation, CascadeStep } from '../routing/cascade-plan.js';
import { describeSpend, readBudget, type BudgetStatus } from './budget-guard.js';
import { checkPhi, describePhi, type PhiVerdict } from './phi-guard.js';

/** What the guards decided: reported by `route --json`, the route line and the metric (never text). */
export interface GuardReport {
  /** Undefined when the guard does not apply (PHI-safe profile, or `phi_guard.mode: off`). */
  phi: PhiVerdict | undefined;
  /** Undefined when the profile has no budget (or no ledger is wired). */
  budget: BudgetStatus | undefined;
  /** Which guard removed the cloud from the cascade, if one did. */
  narrowedBy: 'phi' | 'budget' | undefined;
}

export interface GuardRouteOptions {
  config: StrategyConfig;
  operation: CascadeOperation;
  steps: readonly CascadeStep[];
  /** Every text of the request: prompt, system, each chat message, each embeddings input. */
  texts: readonly string[];
  spendLedger: SpendLedger | undefined;
  now: Date;
}

export interface GuardedRoute {
  steps: CascadeStep[];
  report: GuardReport;
  /** When a guard narrowed the cascade: the error that replaces "nothing local could serve it". */
  refuse: ((reason: string, attempts: readonly AttemptRecord[]) => BiopipeError) | undefined;
  /** Set when a guard refused the request outright (no step may run); the report still says why. */
  failure: BiopipeError | undefined;
}

/** The local role that stands in for a cloud target: `phi_guard.local_role`, else the `"*"` role, else generalist. */
function standInRole(config: StrategyConfig, operation: CascadeOperation): string | undefined {
  const embeddings = config.profile.task_routing['embeddings'];
  if (operation === 'embeddings') return embeddings === undefined ? 'embeddings' : primaryTarget(embeddings);
  const configured = config.profile.phi_guard.local_role;
  if (configured !== undefined) return configured;
  const entry = config.profile.task_routing[DEFAULT_TASK_KEY];
  const fallback = entry === undefined ? undefined : primaryTarget(entry);
  if (fallback !== undefined && fallback !== 'cloud') return fallback;
  return 'generalist';
}

function canServe(config: StrategyConfig, role: string | undefined): role is string {
  return (
    role !== undefined && role !== 'cloud' && (config.roles.includes(role) || config.profile.endpoint_registry.enabled)
  );
}

/**
 * Step 1 of the route decision (DESIGN.md, Round 2): the PHI guard, then the budget. Guards only
 * narrow: they drop the cloud steps of the cascade (a cloud target is served by a local stand-in
 * role), or refuse the request. They never add a cloud step.
 * Never throws: a refusal (PhiHeldError, BudgetExceededError) comes back as `failure`, and a ledger
 * that cannot be read counts as an exceeded budget (the cloud closes; local steps still run).
 */
export function guardRoute(options: GuardRouteOptions): GuardedRoute {
  const { config } = options;
  const phi = checkPhi(config, options.texts);
  const budgetSettings = config.profile.budget;
  const budget =
    budgetSettings === undefined || options.spendLedger === undefined || !config.allowCloud
      ? undefined
      : readBudget(budgetSettings, options.spendLedger, options.now);
  const report: GuardReport = { phi, budget, narrowedBy: undefined };
  const needsCloud = options.steps.some((step) => step.kind === 'cloud');

  let refusal: GuardedRoute['refuse'];
  if (phi?.flagged === true) {
    const identifiers = describePhi(phi);
    if (config.profile.phi_guard.mode === 'block') {
      const failure = new PhiHeldError({
        identifiers,
        reason: 'the profile blocks such requests (phi_guard.mode: block)',
      });
      return { steps: [], report, refuse: undefined, failure };
    }
    if (needsCloud) {
      report.narrowedBy = 'phi';
      refusal = (reason, attempts) =>
        new PhiHeldError({
          identifiers,
          reason,
          attempts,
          ...(attempts.length === 0
            ? { hint: 'Use a strategy with a local role for this task (e.g. t4_hybrid), or set phi_guard.local_role.' }
            : {}),
        });
    }
  }
  if (report.narrowedBy === undefined && budget?.state === 'exceeded' && needsCloud) {
    const spent = describeSpend(budget);
    report.narrowedBy = 'budget';
    const hint = budget.hint;
    refusal = (reason, attempts) =>
      new BudgetExceededError({ spent, reason, attempts, ...(hint === undefined ? {} : { hint }) });
    if (budget.onExceeded === 'block' && options.steps[0]?.kind === 'cloud') {
      const failure = refusal(
        'the profile blocks cloud requests once the budget is spent (budget.on_exceeded: block)',
        [],
      );
      return { steps: [], report, refuse: undefined, failure };
    }
  }
  if (refusal === undefined) return { steps: [...options.steps], report, refuse: undefined, failure: undefined };

  const local = options.steps.filter((step) => step.kind === 'local');
  if (local.length > 0) return { steps: local, report, refuse: refusal, failure: undefined };
  const role = standInRole(config, options.operation);
  if (!canServe(config, role)) {
    const failure = refusal(
      'the task routes to the cloud and the profile has no local role to serve it (set phi_guard.local_role)',
      [],
    );
    return { steps: [], report, refuse: undefined, failure };
  }
  return { steps: [{ kind: 'local', target: role }], report, refuse: refusal, failure: undefined };
}
