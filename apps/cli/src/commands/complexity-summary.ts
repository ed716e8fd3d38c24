import type { ComplexityVerdict } from '@biopipe/core';

/** `route --json`'s complexity field: score, threshold, decision and features (numbers, never text). */
export function describeComplexity(verdict: ComplexityVerdict | null): {
  score: number;
  threshold: number;
  decision: 'weak' | 'strong';
  target: string;
  version: string;
  features: Record<string, number>;
  semantic?: ComplexityVerdict['semantic'];
} | null {
  if (verdict === null) return null;
  return {
    score: Math.round(verdict.score * 1000) / 1000,
    threshold: verdict.threshold,
    decision: verdict.decision,
    target: verdict.target,
    version: verdict.version,
    features: verdict.features,
    ...(verdict.semantic === undefined ? {} : { semantic: verdict.semantic }),
  };
}

/** e.g. `kept local (complexity 0.31 < 0.55)` or `escalated to cloud (complexity 0.72 >= 0.55)`. */
export function formatComplexity(verdict: ComplexityVerdict): string {
  const semantic =
    verdict.semantic === undefined
      ? ''
      : verdict.semantic.status === 'used'
        ? `, semantic ${(verdict.features['semantic_logit'] ?? 0) >= 0 ? '+' : ''}${(verdict.features['semantic_logit'] ?? 0).toFixed(2)}`
        : `, semantic unavailable: ${verdict.semantic.reason ?? 'unknown'}`;
  const numbers = `complexity ${verdict.score.toFixed(2)} ${verdict.decision === 'strong' ? '>=' : '<'} ${verdict.threshold.toFixed(2)}${semantic}`;
  if (verdict.decision === 'weak')
    return verdict.target === 'cloud' ? `kept on the cloud (${numbers})` : `kept local (${numbers})`;
  return `escalated to ${verdict.target} (${numbers})`;
}
