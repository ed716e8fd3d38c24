import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { createPhiDetector } from './detect-phi.js';

interface LabelledPrompt {
  text: string;
  phi: boolean;
}

const LABELLED: LabelledPrompt[] = JSON.parse(
  readFileSync(new URL('../../test/fixtures/phi-labelled-prompts.json', import.meta.url), 'utf8'),
) as LabelledPrompt[];

describe('the PHI detector on the labelled set', () => {
  const detector = createPhiDetector();
  const verdicts = LABELLED.map((prompt) => ({ ...prompt, flagged: detector.detect([prompt.text]).flagged }));
  const positives = verdicts.filter((verdict) => verdict.phi);
  const negatives = verdicts.filter((verdict) => !verdict.phi);

  it('holds at least 150 prompts, with and without PHI', () => {
    expect(LABELLED.length).toBeGreaterThanOrEqual(150);
    expect(positives.length).toBeGreaterThanOrEqual(60);
    expect(negatives.length).toBeGreaterThanOrEqual(60);
  });

  it('finds at least 98% of the prompts with PHI', () => {
    const missed = positives.filter((verdict) => !verdict.flagged).map((verdict) => verdict.text);
    expect(missed.length <= Math.floor(positives.length * 0.02) ? [] : missed).toEqual([]);
  });

  it('flags at most 5% of the prompts without PHI', () => {
    const wrong = negatives.filter((verdict) => verdict.flagged).map((verdict) => verdict.text);
    expect(wrong.length <= Math.floor(negatives.length * 0.05) ? [] : wrong).toEqual([]);
  });
});
