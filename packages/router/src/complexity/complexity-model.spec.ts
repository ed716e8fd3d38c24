import { describe, expect, it } from '@jest/globals';
import {
  REFERENCE_QUANTILES,
  createComplexityModel,
  quantileOfSorted,
  scoreOf,
  trainComplexityModel,
  type TrainingExample,
} from './complexity-model.js';
import { FEATURE_NAMES, type Features } from './extract-features.js';

const features = (values: Partial<Features>): Features =>
  ({ ...Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])), ...values }) as Features;

// Hard examples are long and full of reasoning markers; easy ones short and plain, with overlap.
const examples: TrainingExample[] = Array.from({ length: 40 }, (_, index) => {
  const hard = index % 2 === 0;
  const jitter = (index % 5) / 10;
  return {
    hard,
    features: features(
      hard ? { length: 0.6 + jitter / 2, reasoning: 0.5 + jitter } : { length: 0.2 + jitter, simple: 0.5 },
    ),
  };
});
const options = { name: 'test', lexiconVersion: 1, trainedOn: 'unit test' };

describe('trainComplexityModel', () => {
  it('learns weights that score hard examples above easy ones, the same every time', () => {
    const model = trainComplexityModel(examples, options);
    for (const example of examples) {
      const score = scoreOf(model, example.features);
      if (example.hard) expect(score).toBeGreaterThan(0.5);
      else expect(score).toBeLessThan(0.5);
    }
    expect(model.weights.weights.reasoning).toBeGreaterThan(0);
    expect(model.weights.weights.simple).toBeLessThan(0);
    expect(trainComplexityModel(examples, options).version).toBe(model.version);
  });

  it('keeps the training scores as ascending reference quantiles', () => {
    const { reference_scores: reference } = trainComplexityModel(examples, options).weights;
    expect(reference).toHaveLength(REFERENCE_QUANTILES);
    expect([...reference].sort((left, right) => left - right)).toEqual(reference);
    expect(reference[0]).toBeLessThan(0.5);
    expect(reference[REFERENCE_QUANTILES - 1]).toBeGreaterThan(0.5);
  });

  it('refuses a set without both labels, saying what is missing', () => {
    expect(() =>
      trainComplexityModel(
        examples.filter((example) => example.hard),
        options,
      ),
    ).toThrow('training needs easy and hard examples; got 20 hard of 20');
  });

  it('changes its version with any weight', () => {
    const model = trainComplexityModel(examples, options);
    const changed = createComplexityModel({ ...model.weights, bias: model.weights.bias + 0.001 });
    expect(changed.version).not.toBe(model.version);
    expect(changed.version.startsWith('test@')).toBe(true);
  });
});

describe('quantileOfSorted', () => {
  it('interpolates between ranks and clamps q', () => {
    expect(quantileOfSorted([0, 10], 0.25)).toBe(2.5);
    expect(quantileOfSorted([1, 2, 3], 1.5)).toBe(3);
    expect(() => quantileOfSorted([], 0.5)).toThrow(RangeError);
  });
});
