import { createComplexityModel, scoreOf, type ComplexityModel, type ComplexityWeights } from './complexity-model.js';
import { extractFeatures, type Features } from './extract-features.js';
import type { Lexicon } from './lexicon.js';

/** A prompt's complexity: the score (0–1, higher is harder), the features behind it and the scorer's version. */
export interface ComplexityScore {
  score: number;
  features: Features;
  version: string;
}

/** Scores prompts in process: features from the lexicon, combined by the logistic model. No network. */
export class ComplexityScorer {
  readonly model: ComplexityModel;

  constructor(
    readonly lexicon: Lexicon,
    weights: ComplexityWeights,
  ) {
    this.model = createComplexityModel(weights);
  }

  get version(): string {
    return this.model.version;
  }

  /** `extraLogit` is another signal's log-odds (the semantic one), added before the sigmoid. */
  score(prompt: string, extraLogit = 0): ComplexityScore {
    const features = extractFeatures(prompt, this.lexicon);
    return { score: scoreOf(this.model, features, extraLogit), features, version: this.model.version };
  }
}
