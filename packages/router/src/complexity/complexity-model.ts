import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FEATURE_NAMES, type FeatureName, type Features } from './extract-features.js';

/** Number of reference-score quantiles a weights file keeps (0 %, 1 %, … 100 %). */
export const REFERENCE_QUANTILES = 101;

const featureNameSchema = z.enum(FEATURE_NAMES);

/** A weights file (`config/complexity/weights.json`, or one written by `biopipe complexity train`). */
export const complexityWeightsSchema = z.strictObject({
  schema_version: z.literal(1),
  /** A label for people; the scorer's version adds a hash of the weights to it. */
  name: z.string().min(1),
  /** The lexicon version the features were computed with. */
  lexicon_version: z.number().int().positive(),
  /** Log-odds weight per feature; features left out weigh 0. */
  weights: z.partialRecord(featureNameSchema, z.number().finite()),
  bias: z.number().finite(),
  /**
   * Quantiles of the training prompts' scores, lowest first: `target_strong_share` reads its
   * threshold here until a calibration on recorded traffic replaces it.
   */
  reference_scores: z.array(z.number().min(0).max(1)).length(REFERENCE_QUANTILES),
  /** Where the weights came from (file, split, count). */
  trained_on: z.string().default(''),
});
export type ComplexityWeights = z.output<typeof complexityWeightsSchema>;

/** A logistic-regression model over the complexity features. */
export interface ComplexityModel {
  weights: ComplexityWeights;
  /** `name@hash`: changes whenever a weight does; recorded in every metric. */
  version: string;
}

export function createComplexityModel(weights: ComplexityWeights): ComplexityModel {
  const hash = createHash('sha256')
    .update(JSON.stringify([weights.lexicon_version, weights.weights, weights.bias]))
    .digest('hex')
    .slice(0, 8);
  return { weights, version: `${weights.name}@${hash}` };
}

const sigmoid = (logit: number): number => 1 / (1 + Math.exp(-logit));

/** Log-odds that a prompt is hard. */
export function logitOf(model: ComplexityModel, features: Features): number {
  let logit = model.weights.bias;
  for (const name of FEATURE_NAMES) logit += (model.weights.weights[name] ?? 0) * features[name];
  return logit;
}

/** Probability-like score in [0, 1] (higher is harder); `extraLogit` adds another signal's log-odds. */
export function scoreOf(model: ComplexityModel, features: Features, extraLogit = 0): number {
  return sigmoid(logitOf(model, features) + extraLogit);
}

/** One labelled example: its features and whether it is hard. */
export interface TrainingExample {
  features: Features;
  hard: boolean;
}

export interface TrainOptions {
  name: string;
  lexiconVersion: number;
  trainedOn: string;
  /** Gradient-descent passes over the whole set. @default 3000 */
  iterations?: number;
  /** @default 0.5 */
  learningRate?: number;
  /** L2 penalty on the weights (not the bias). @default 0.001 */
  l2?: number;
}

/** The `q`-quantile (0–1) of ascending `sorted` values, linearly interpolated. */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  const position = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(sorted.length - 1, low + 1);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (position - low);
}

/**
 * Fits logistic regression by full-batch gradient descent with L2: deterministic (zero start, fixed
 * step), so the same set gives the same weights file. Features are already in [0, 1], so no scaling.
 * @throws RangeError when the set lacks an easy or a hard example
 */
export function trainComplexityModel(examples: readonly TrainingExample[], options: TrainOptions): ComplexityModel {
  const hardCount = examples.filter((example) => example.hard).length;
  if (hardCount === 0 || hardCount === examples.length)
    throw new RangeError(
      `training needs easy and hard examples; got ${hardCount} hard of ${examples.length} (label some of each)`,
    );
  const names: readonly FeatureName[] = FEATURE_NAMES;
  const weights = new Float64Array(names.length);
  let bias = 0;
  const iterations = options.iterations ?? 3000;
  const rate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 0.001;
  const rows = examples.map((example) => Float64Array.from(names, (name) => example.features[name]));
  const gradient = new Float64Array(names.length);
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    gradient.fill(0);
    let biasGradient = 0;
    rows.forEach((row, index) => {
      let logit = bias;
      for (let feature = 0; feature < row.length; feature += 1)
        logit += (weights[feature] as number) * (row[feature] as number);
      const error = sigmoid(logit) - ((examples[index] as TrainingExample).hard ? 1 : 0);
      biasGradient += error;
      for (let feature = 0; feature < row.length; feature += 1)
        gradient[feature] = (gradient[feature] as number) + error * (row[feature] as number);
    });
    for (let feature = 0; feature < weights.length; feature += 1)
      weights[feature] =
        (weights[feature] as number) -
        rate * ((gradient[feature] as number) / rows.length + l2 * (weights[feature] as number));
    bias -= (rate * biasGradient) / rows.length;
  }
  const round = (value: number): number => Math.round(value * 1e6) / 1e6;
  const partial: Omit<ComplexityWeights, 'reference_scores'> = {
    schema_version: 1,
    name: options.name,
    lexicon_version: options.lexiconVersion,
    weights: Object.fromEntries(names.map((name, index) => [name, round(weights[index] as number)])),
    bias: round(bias),
    trained_on: options.trainedOn,
  };
  const draft = createComplexityModel({ ...partial, reference_scores: new Array<number>(REFERENCE_QUANTILES).fill(0) });
  const scores = examples.map((example) => scoreOf(draft, example.features)).sort((left, right) => left - right);
  const reference = Array.from({ length: REFERENCE_QUANTILES }, (_, index) =>
    round(quantileOfSorted(scores, index / (REFERENCE_QUANTILES - 1))),
  );
  return createComplexityModel({ ...partial, reference_scores: reference });
}
