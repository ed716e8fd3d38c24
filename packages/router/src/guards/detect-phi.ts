import type { PhiCategory } from '@biopipe/core';
import { CONTEXT_CHARS, NOT_A_NAME, PHI_RULES, type PhiRule } from './phi-rules.js';

/** What the detector found: categories and counts, never the matched text. */
export interface PhiFindings {
  flagged: boolean;
  /** Matches per category, only categories with at least one. */
  counts: Partial<Record<PhiCategory, number>>;
}

/** A detector built once per profile: which categories to look for and which spans to let through. */
export interface PhiDetector {
  detect(texts: readonly string[]): PhiFindings;
}

export interface PhiDetectorOptions {
  /** Categories to look for. @default every category */
  categories?: readonly PhiCategory[] | undefined;
  /** Spans matching any of these are ignored (e.g. a study's own pseudonymous sample codes). */
  allowPatterns?: readonly RegExp[] | undefined;
}

function blankOut(text: string, patterns: readonly RegExp[]): string {
  let result = text;
  for (const pattern of patterns) result = result.replace(pattern, (span) => ' '.repeat(span.length));
  return result;
}

function countMatches(rule: PhiRule, text: string): number {
  let count = 0;
  rule.pattern.lastIndex = 0;
  for (let match = rule.pattern.exec(text); match !== null; match = rule.pattern.exec(text)) {
    if (match[0].length === 0) rule.pattern.lastIndex++;
    if (rule.category === 'name' && match[1] !== undefined && NOT_A_NAME.has(match[1])) continue;
    if (rule.context !== undefined) {
      const around = text.slice(
        Math.max(0, match.index - CONTEXT_CHARS),
        match.index + match[0].length + CONTEXT_CHARS,
      );
      if (!rule.context.test(around)) continue;
    }
    count++;
  }
  return count;
}

/**
 * Builds the local PHI detector: pure regular expressions over the text, no model and no I/O, so it
 * runs before any target is chosen (`npm run bench:phi-guard` measures it against the labelled set).
 */
export function createPhiDetector(options: PhiDetectorOptions = {}): PhiDetector {
  const wanted = options.categories === undefined ? undefined : new Set(options.categories);
  // Fresh RegExp objects: `lastIndex` is per detector, so two detectors never share scan state.
  const rules = PHI_RULES.filter((rule) => wanted === undefined || wanted.has(rule.category)).map((rule) => ({
    ...rule,
    pattern: new RegExp(rule.pattern.source, rule.pattern.flags),
  }));
  const allow = (options.allowPatterns ?? []).map(
    (pattern) => new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`),
  );
  return {
    detect(texts) {
      const counts: Partial<Record<PhiCategory, number>> = {};
      let flagged = false;
      for (const original of texts) {
        if (original.length === 0) continue;
        const text = allow.length === 0 ? original : blankOut(original, allow);
        const lower = text.toLowerCase();
        for (const rule of rules) {
          if (rule.anyOf !== undefined && !rule.anyOf.some((part) => lower.includes(part))) continue;
          const found = countMatches(rule, text);
          if (found === 0) continue;
          counts[rule.category] = (counts[rule.category] ?? 0) + found;
          flagged = true;
        }
      }
      return { flagged, counts };
    },
  };
}
