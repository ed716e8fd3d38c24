import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { StrategyConfig, builtinConfigDir } from '@biopipe/core';
import { decideRoute } from '../routing/decide-route.js';
import { quantileOfSorted } from './complexity-model.js';
import { createComplexityStep, createProfileComplexityStep, resolveThreshold } from './create-complexity-step.js';
import { loadComplexityScorer } from './load-complexity-scorer.js';

const hybrid = StrategyConfig.fromYaml(path.join(builtinConfigDir(), 'strategies', 't4_hybrid.yaml'));
const MULTI_COHORT =
  'Design an integration of four RNA-seq cohorts sequenced at different sites with different library kits and read lengths. ' +
  'First harmonise the alignment and quantification, then correct batch effects without removing the disease effect, ' +
  'and explain how to check that the batch correction kept the biology. Which covariates must the DESeq2 model include, ' +
  'and how should we handle a cohort whose samples are confounded with sequencing batch?';

describe('complexity step with the shipped scorer and t4_hybrid', () => {
  const step = createProfileComplexityStep(hybrid);

  it('keeps "Run FastQC on my FASTQ files" on the generalist and sends a multi-cohort design to the cloud', () => {
    const easy = decideRoute(
      hybrid,
      'orchestration',
      { queryLength: 29, prompt: 'Run FastQC on my FASTQ files' },
      step,
    );
    expect(easy.target).toEqual({ kind: 'role', role: 'generalist' });
    expect(easy.rule).toBe('complexity_routing.tasks.orchestration.weak');
    expect(easy.complexity).toMatchObject({ decision: 'weak', target: 'generalist', threshold: 0.45 });
    expect(easy.complexityScore).toBeLessThan(0.45);
    const hard = decideRoute(hybrid, 'orchestration', { queryLength: MULTI_COHORT.length, prompt: MULTI_COHORT }, step);
    expect(hard.target).toEqual({ kind: 'cloud' });
    expect(hard.complexity?.decision).toBe('strong');
    expect(hard.complexity?.features['reasoning']).toBeGreaterThan(0);
    expect(hard.complexity?.version).toMatch(/^builtin@[0-9a-f]{8}$/);
  });

  it('leaves tasks without complexity routing to task_routing, unscored', () => {
    const decision = decideRoute(hybrid, 'math_statistics', { queryLength: 5, prompt: MULTI_COHORT }, step);
    expect(decision).toEqual({
      taskType: 'math_statistics',
      target: { kind: 'role', role: 'math' },
      rule: 'task_routing.math_statistics',
      complexityScore: null,
    });
  });

  it('scores an empty prompt as easy', () => {
    expect(decideRoute(hybrid, 'biomedical', { queryLength: 0, prompt: '' }, step).complexity?.decision).toBe('weak');
  });
});

describe('createComplexityStep', () => {
  const scorer = loadComplexityScorer();

  it('reads a target_strong_share threshold from the reference scores', () => {
    const threshold = resolveThreshold({ weak: 'generalist', strong: 'cloud', target_strong_share: 0.3 }, scorer);
    expect(threshold).toBe(quantileOfSorted(scorer.model.weights.reference_scores, 0.7));
  });

  it('never moves a request of a PHI-safe profile to the cloud, whatever the score', () => {
    const local = StrategyConfig.fromString(`profile_name: local
allow_cloud: false
vllm_endpoints: { generalist: "http://127.0.0.1:9001", coder: "http://127.0.0.1:9002" }
task_routing: { orchestration: generalist }
complexity_routing:
  tasks:
    orchestration: { weak: generalist, strong: coder, threshold: 0 }
`);
    const decision = decideRoute(
      local,
      'orchestration',
      { queryLength: 1, prompt: MULTI_COHORT },
      createComplexityStep(scorer),
    );
    expect(decision.target).toEqual({ kind: 'role', role: 'coder' });
    // A step that tried the cloud anyway (a profile built around the schema) is overruled by decideRoute.
    const rogue = decideRoute(local, 'orchestration', { queryLength: 1 }, (base) => ({
      ...base,
      target: { kind: 'cloud' },
    }));
    expect(rogue.target).toEqual({ kind: 'role', role: 'generalist' });
  });

  it('adds a semantic reading to the log-odds and records it; an unavailable one leaves the lexical score', () => {
    const step = createProfileComplexityStep(hybrid);
    const prompt = 'Run FastQC on my FASTQ files';
    const facts = { queryLength: prompt.length, prompt };
    const lexical = decideRoute(hybrid, 'orchestration', facts, step);
    const used = decideRoute(
      hybrid,
      'orchestration',
      { ...facts, semantic: { status: 'used', hard: 0.9, easy: 0.1, logit: 3.2 } },
      step,
    );
    const logit = (score: number): number => Math.log(score / (1 - score));
    expect(logit(used.complexityScore ?? 0) - logit(lexical.complexityScore ?? 0)).toBeCloseTo(3.2, 2);
    expect(used.complexity?.semantic).toEqual({ status: 'used' });
    expect(used.complexity?.features).toMatchObject({ semantic_hard: 0.9, semantic_easy: 0.1, semantic_logit: 3.2 });
    const unavailable = decideRoute(
      hybrid,
      'orchestration',
      { ...facts, semantic: { status: 'unavailable', reason: 'timeout' } },
      step,
    );
    expect(unavailable.complexityScore).toBe(lexical.complexityScore);
    expect(unavailable.complexity?.semantic).toEqual({ status: 'unavailable', reason: 'timeout' });
    expect(unavailable.complexity?.features['semantic_logit']).toBeUndefined();
    expect(lexical.complexity?.semantic).toBeUndefined();
  });
});
