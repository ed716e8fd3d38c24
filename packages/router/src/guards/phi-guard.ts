import { PHI_CATEGORY_LABELS, type PhiCategory, type StrategyConfig } from '@biopipe/core';
import { createPhiDetector, type PhiDetector } from './detect-phi.js';

/** The PHI guard's verdict on one request: categories and counts, never the text. */
export interface PhiVerdict {
  flagged: boolean;
  /** Categories found, in the detector's order. */
  categories: PhiCategory[];
  counts: Partial<Record<PhiCategory, number>>;
}

// One detector per loaded profile: the patterns compile once, not per request.
const detectors = new WeakMap<StrategyConfig, PhiDetector>();

function detectorFor(config: StrategyConfig): PhiDetector {
  let detector = detectors.get(config);
  if (detector === undefined) {
    const guard = config.profile.phi_guard;
    detector = createPhiDetector({
      categories: guard.categories,
      allowPatterns: guard.allow_patterns.map((source) => new RegExp(source, 'g')),
    });
    detectors.set(config, detector);
  }
  return detector;
}

/**
 * Checks every text of a request (the prompt, each message of the chat history, each embeddings
 * input). Returns undefined when the guard does not apply: a PHI-safe profile keeps everything on the
 * cluster anyway, and `mode: off` is the profile's own choice (no request can set it).
 */
export function checkPhi(config: StrategyConfig, texts: readonly string[]): PhiVerdict | undefined {
  if (!config.allowCloud || config.profile.phi_guard.mode === 'off') return undefined;
  const { flagged, counts } = detectorFor(config).detect(texts);
  return { flagged, counts, categories: Object.keys(counts) as PhiCategory[] };
}

/** "MRN, date of birth": what a message may say about a flagged request. */
export function describePhi(verdict: PhiVerdict): string[] {
  return verdict.categories.map((category) => PHI_CATEGORY_LABELS[category]);
}
