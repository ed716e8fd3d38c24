import { describe, expect, it } from '@jest/globals';
import { StrategyConfig } from '@biopipe/core';
import { createProfileYaml } from '@biopipe/core/testing';
import { decideRoute, type ComplexityStep } from './decide-route.js';

const PROFILE = `${createProfileYaml({
  name: 'p',
  allowCloud: true,
  roles: { generalist: 9001, biomed: 9005 },
  routing: { '"*"': 'generalist', biomedical: '{split: {generalist: 50, biomed: 50}, sticky: session}' },
})}fallback: [deepseek-v3]
`;

// A stand-in for the scorer: escalates when the prompt says "hard".
const complexityStep: ComplexityStep = (decision, facts) => {
  const strong = facts.prompt?.includes('hard') === true;
  return {
    ...decision,
    target: strong ? { kind: 'cloud' } : { kind: 'role', role: 'generalist' },
    complexityScore: strong ? 0.9 : 0.1,
    complexity: {
      score: strong ? 0.9 : 0.1,
      threshold: 0.5,
      decision: strong ? 'strong' : 'weak',
      target: strong ? 'cloud' : 'generalist',
      version: 'test',
      features: {},
    },
  };
};

describe('decideRoute with an A/B split', () => {
  const config = StrategyConfig.fromString(PROFILE);
  // 'alice' hashes to biomed, 'frank' to generalist (assign-variant.spec.ts pins both points).
  it('routes to the session arm and names the arm in the rule', () => {
    const decision = decideRoute(config, 'biomedical', { queryLength: 5, split: { session: 'alice' } });
    expect(decision.target).toEqual({ kind: 'role', role: 'biomed' });
    expect(decision.rule).toBe('task_routing.biomedical.split.biomed');
    expect(decision.variant).toEqual({ experiment: 'biomedical', arm: 'biomed', unit: 'session' });
  });

  it('runs complexity after the split: a weak verdict keeps the arm, a strong one escalates', () => {
    const easy = decideRoute(
      config,
      'biomedical',
      { queryLength: 5, prompt: 'easy', split: { session: 'alice' } },
      complexityStep,
    );
    expect(easy.target).toEqual({ kind: 'role', role: 'biomed' });
    expect(easy.complexity?.decision).toBe('weak');
    const hard = decideRoute(
      config,
      'biomedical',
      { queryLength: 5, prompt: 'hard', split: { session: 'alice' } },
      complexityStep,
    );
    expect(hard.target).toEqual({ kind: 'cloud' });
    expect(hard.variant?.arm).toBe('biomed');
  });
});
