import { PHI_CATEGORY_LABELS, collapseRepeats } from '@biopipe/core';
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
  const budget =
    route.budget === undefined || route.budget.state === 'ok'
      ? ''
      : `; budget ${route.budget.state === 'exceeded' ? 'exceeded' : 'near the limit'}: ${describeSpend(route.budget)}`;
  const complexity = route.complexity === null ? '' : ` ${formatComplexity(route.complexity)};`;
  // After a failure the line tells the story (`generalist refused → deepseek-chat … [cloud], fallback depth 1`).
  const depth = `${failures === '' ? ';' : ','} fallback depth ${route.fallback_depth}`;
  return `route: ${route.strategy} -> ${route.target} (${route.task_type});${complexity} ${failures}${served}${route.cloud ? ' [cloud]' : ''}${depth}; ${attempts} attempt${attempts === 1 ? '' : 's'}; ${route.latency_ms.toFixed(0)} ms${ttft}${cost}${phi}${budget}`;
}
