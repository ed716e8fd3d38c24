import { PHI_CATEGORY_LABELS, collapseRepeats } from '@biopipe/core';
import { describeSpend, type BudgetStatus, type RouteReport } from '@biopipe/router';
import { formatComplexity } from './complexity-summary.js';

/**
 * The budget when it is not simply fine: `exceeded: $1.02 of $1.00 today, …`, or, for a ledger that
 * cannot be read, `exceeded: spend unknown: cannot read FILE (reason)`. Undefined while under `warn_at`.
 */
export function describeBudget(budget: BudgetStatus | undefined): string | undefined {
  if (budget === undefined || budget.state === 'ok') return undefined;
  return `${budget.state === 'exceeded' ? 'exceeded' : 'near the limit'}: ${describeSpend(budget)}`;
}

/** What the guards did, one line each: the PHI guard's categories (never the text) and the budget. */
export function describeGuards(route: {
  phi_guard?: { flagged: boolean; categories: readonly (keyof typeof PHI_CATEGORY_LABELS)[] } | undefined;
  budget?: BudgetStatus | undefined;
  narrowed_by?: 'phi' | 'budget' | undefined;
}): string[] {
  const lines: string[] = [];
  if (route.phi_guard?.flagged === true) {
    const found = route.phi_guard.categories.map((category) => PHI_CATEGORY_LABELS[category]).join(', ');
    lines.push(`phi guard  patient identifiers (${found}): kept on the cluster`);
  }
  const budget = describeBudget(route.budget);
  if (budget !== undefined)
    lines.push(
      `budget     ${budget.replace(/^exceeded/, 'EXCEEDED')}${route.budget?.state === 'exceeded' ? ` (on_exceeded: ${route.budget.onExceeded})` : ''}`,
    );
  if (route.budget?.hint !== undefined) lines.push(`hint       ${route.budget.hint}`);
  return lines;
}

/**
 * What happened before the answer, when anything failed: `generalist refused ×3 → ` (each target
 * with why it failed; a retried endpoint once, with its count). Empty when the first attempt served.
 */
function describeFailures(route: RouteReport): string {
  const failed = route.attempts.filter((attempt) => attempt.outcome !== 'success');
  if (failed.length === 0) return '';
  const labels = failed.map((attempt) => `${attempt.target} ${attempt.error_class ?? attempt.outcome}`);
  return `${collapseRepeats(labels).join(' → ')} → `;
}

/** One stderr line about how a request was routed (never its text). */
export function formatRouteSummary(route: RouteReport): string {
  const served = route.model === null ? 'not served' : `${route.model} at ${route.endpoint ?? route.provider ?? '?'}`;
  const failures = describeFailures(route);
  const ttft = route.ttft_ms === null ? '' : `, first token ${route.ttft_ms.toFixed(0)} ms`;
  const attempts = route.attempts.filter((attempt) => attempt.outcome !== 'skipped').length;
  const cost =
    route.cloud && route.model !== null
      ? `; $${route.cost_usd.toFixed(6)}${route.cost_estimated ? ' (estimated)' : ''}`
      : '';
  const phi =
    route.phi_guard?.flagged === true
      ? `; PHI guard: kept on the cluster (${route.phi_guard.categories.map((category) => PHI_CATEGORY_LABELS[category]).join(', ')})`
      : '';
  const budgetState = describeBudget(route.budget);
  const budget = budgetState === undefined ? '' : `; budget ${budgetState}`;
  const complexity = route.complexity === null ? '' : ` ${formatComplexity(route.complexity)};`;
  // After a failure the line tells the story (`generalist refused → deepseek-chat … [cloud], fallback depth 1`).
  const depth = `${failures === '' ? ';' : ','} fallback depth ${route.fallback_depth}`;
  return `route: ${route.strategy} -> ${route.target} (${route.task_type});${complexity} ${failures}${served}${route.cloud ? ' [cloud]' : ''}${depth}; ${attempts} attempt${attempts === 1 ? '' : 's'}; ${route.latency_ms.toFixed(0)} ms${ttft}${cost}${phi}${budget}`;
}
