import { PHI_CATEGORY_LABELS } from '@biopipe/core';
import { describeSpend, type BudgetStatus, type RouteReport } from '@biopipe/router';
import { formatComplexity } from './complexity-summary.js';

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
  if (route.budget !== undefined && route.budget.state !== 'ok')
    lines.push(
      `budget     ${route.budget.state === 'exceeded' ? 'EXCEEDED' : 'near the limit'}: ${describeSpend(route.budget)}${route.budget.state === 'exceeded' ? ` (on_exceeded: ${route.budget.onExceeded})` : ''}`,
    );
  return lines;
}

/** One stderr line about how a request was routed (never its text). */
export function formatRouteSummary(route: RouteReport): string {
  const served = route.model === null ? 'not served' : `${route.model} at ${route.endpoint ?? route.provider ?? '?'}`;
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
  const budget =
    route.budget === undefined || route.budget.state === 'ok'
      ? ''
      : `; budget ${route.budget.state === 'exceeded' ? 'exceeded' : 'near the limit'}: ${describeSpend(route.budget)}`;
  const complexity = route.complexity === null ? '' : ` ${formatComplexity(route.complexity)};`;
  return `route: ${route.strategy} -> ${route.target} (${route.task_type});${complexity} ${served}${route.cloud ? ' [cloud]' : ''}; fallback depth ${route.fallback_depth}; ${attempts} attempt${attempts === 1 ? '' : 's'}; ${route.latency_ms.toFixed(0)} ms${ttft}${cost}${phi}${budget}`;
}
