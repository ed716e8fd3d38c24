import path from 'node:path';
import { BiopipeError, builtinConfigDir, parseYamlConfig, readConfigFile } from '@biopipe/core';
import { complexityWeightsSchema, type ComplexityWeights } from './complexity-model.js';
import { ComplexityScorer } from './complexity-scorer.js';
import { createLexicon, lexiconSchema, type Lexicon } from './lexicon.js';

/** The shipped lexicon, `config/complexity/lexicon.yaml`. */
export function defaultLexiconPath(): string {
  return path.join(builtinConfigDir(), 'complexity', 'lexicon.yaml');
}

/** The shipped weights, `config/complexity/weights.json`, trained on `config/complexity/labelled-prompts.jsonl`. */
export function defaultWeightsPath(): string {
  return path.join(builtinConfigDir(), 'complexity', 'weights.json');
}

/** @throws ConfigFileUnreadableError, ConfigValidationError */
export function loadLexicon(file: string = defaultLexiconPath()): Lexicon {
  return createLexicon(parseYamlConfig(readConfigFile(file, 'complexity lexicon'), file, lexiconSchema));
}

/** @throws ConfigFileUnreadableError, ConfigValidationError */
export function loadComplexityWeights(file: string = defaultWeightsPath()): ComplexityWeights {
  return parseYamlConfig(readConfigFile(file, 'complexity weights file'), file, complexityWeightsSchema);
}

/**
 * The scorer from a weights file (default: the shipped one) and the shipped lexicon. Weights trained
 * with another lexicon version would read features differently, so that is refused.
 * @throws ConfigFileUnreadableError, ConfigValidationError, BiopipeError (`config_invalid`) on a lexicon mismatch
 */
export function loadComplexityScorer(
  options: { weightsFile?: string | undefined; lexiconFile?: string } = {},
): ComplexityScorer {
  const lexicon = loadLexicon(options.lexiconFile);
  const weightsFile = options.weightsFile ?? defaultWeightsPath();
  const weights = loadComplexityWeights(weightsFile);
  if (weights.lexicon_version !== lexicon.version)
    throw new BiopipeError(
      'config_invalid',
      `${weightsFile} was trained with lexicon version ${weights.lexicon_version}, but the lexicon is version ${lexicon.version}.`,
      { hint: 'Retrain it with `biopipe complexity train FILE`.' },
    );
  return new ComplexityScorer(lexicon, weights);
}
