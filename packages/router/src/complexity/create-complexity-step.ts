import path from 'node:path';
import { CLOUD_TARGET, type ComplexityTaskSettings, type RouteTarget, type StrategyConfig } from '@biopipe/core';
import type { ComplexityStep } from '../routing/decide-route.js';
import { quantileOfSorted } from './complexity-model.js';
import type { ComplexityScorer } from './complexity-scorer.js';
import { loadComplexityScorer } from './load-complexity-scorer.js';

/** The threshold of one task: as written, or the `1 − target_strong_share` quantile of the scorer's reference scores. */
export function resolveThreshold(settings: ComplexityTaskSettings, scorer: ComplexityScorer): number {
  if (settings.threshold !== undefined) return settings.threshold;
  return quantileOfSorted(scorer.model.weights.reference_scores, 1 - (settings.target_strong_share ?? 0));
}

function toTarget(name: string): RouteTarget {
  return name === CLOUD_TARGET ? { kind: 'cloud' } : { kind: 'role', role: name };
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Step 2's complexity part (DESIGN.md, Round 2): for a task listed under `complexity_routing`, scores
 * the prompt locally and picks the task's `strong` target when the score reaches the threshold, its
 * `weak` target otherwise. Other tasks pass through untouched. No model is called.
 */
export function createComplexityStep(scorer: ComplexityScorer): ComplexityStep {
  return (decision, facts, config) => {
    const settings = config.profile.complexity_routing?.tasks[decision.taskType];
    if (settings === undefined) return decision;
    const threshold = resolveThreshold(settings, scorer);
    const { semantic } = facts;
    const scored = scorer.score(facts.prompt ?? '', semantic?.status === 'used' ? semantic.logit : 0);
    const features: Record<string, number> = { ...scored.features };
    if (semantic?.status === 'used')
      Object.assign(features, {
        semantic_hard: semantic.hard,
        semantic_easy: semantic.easy,
        semantic_logit: semantic.logit,
      });
    const strong = scored.score >= threshold;
    const chosen = strong ? settings.strong : settings.weak;
    return {
      ...decision,
      target: toTarget(chosen),
      rule: `complexity_routing.tasks.${decision.taskType}.${strong ? 'strong' : 'weak'}`,
      complexityScore: scored.score,
      complexity: {
        score: scored.score,
        threshold,
        decision: strong ? 'strong' : 'weak',
        target: chosen,
        version: scored.version,
        features: Object.fromEntries(Object.entries(features).map(([name, value]) => [name, round(value)])),
        ...(semantic === undefined
          ? {}
          : {
              semantic:
                semantic.status === 'used' ? { status: 'used' } : { status: 'unavailable', reason: semantic.reason },
            }),
      },
    };
  };
}

let builtinScorer: ComplexityScorer | undefined;

/**
 * The scorer a profile's `complexity_routing` names, or undefined when it has none. A relative
 * `weights` path is read from the profile's directory.
 * @throws ConfigFileUnreadableError, ConfigValidationError, BiopipeError for a bad weights file
 */
export function loadProfileComplexityScorer(config: StrategyConfig): ComplexityScorer | undefined {
  const settings = config.profile.complexity_routing;
  if (settings === undefined || Object.keys(settings.tasks).length === 0) return undefined;
  if (settings.weights === undefined) return (builtinScorer ??= loadComplexityScorer());
  // A user's weights file is re-read on every strategy load, so a retrained file takes effect on the next switch.
  return loadComplexityScorer({ weightsFile: path.resolve(path.dirname(config.source), settings.weights) });
}

/** The complexity step a profile asks for, or undefined when it has no `complexity_routing`. */
export function createProfileComplexityStep(config: StrategyConfig): ComplexityStep | undefined {
  const scorer = loadProfileComplexityScorer(config);
  return scorer === undefined ? undefined : createComplexityStep(scorer);
}
