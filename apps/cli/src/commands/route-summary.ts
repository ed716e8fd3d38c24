import type { RouteReport } from '@biopipe/router';
import { formatComplexity } from './complexity-summary.js';

/** One stderr line about how a request was routed (never its text). */
export function formatRouteSummary(route: RouteReport): string {
  const served = route.model === null ? 'not served' : `${route.model} at ${route.endpoint ?? route.provider ?? '?'}`;
  const ttft = route.ttft_ms === null ? '' : `, first token ${route.ttft_ms.toFixed(0)} ms`;
  const attempts = route.attempts.filter((attempt) => attempt.outcome !== 'skipped').length;
  const complexity = route.complexity === null ? '' : ` ${formatComplexity(route.complexity)};`;
  return `route: ${route.strategy} -> ${route.target} (${route.task_type});${complexity} ${served}${route.cloud ? ' [cloud]' : ''}; fallback depth ${route.fallback_depth}; ${attempts} attempt${attempts === 1 ? '' : 's'}; ${route.latency_ms.toFixed(0)} ms${ttft}`;
}
