import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, readConfigFile, userConfigDir } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { toSnakeCaseKeys } from '../json-values.js';
import { formatJson } from '../output.js';

export interface TrainOptions {
  file: string;
  /** @default <user config dir>/complexity/weights.json */
  output: string | undefined;
}

/**
 * `biopipe complexity train FILE`: fits the complexity scorer's logistic regression on the user's
 * own labelled prompts (JSONL: label easy|hard, text, optional split), reports the held-back
 * `test` lines' figures when there are any, writes the weights file and prints the profile line.
 */
export async function trainComplexity(context: CommandContext, options: TrainOptions): Promise<number> {
  const {
    computeRocAuc,
    evaluateThreshold,
    extractFeatures,
    loadLexicon,
    parseLabelledPrompts,
    trainComplexityModel,
    scoreOf,
  } = await import('@biopipe/router');
  const file = path.resolve(options.file);
  const prompts = parseLabelledPrompts(readConfigFile(file, 'labelled prompts file'), file);
  const lexicon = loadLexicon();
  const toExample = (prompt: { text: string; label: string }) => ({
    features: extractFeatures(prompt.text, lexicon),
    hard: prompt.label === 'hard',
  });
  const train = prompts.filter((prompt) => prompt.split === 'train').map(toExample);
  const test = prompts.filter((prompt) => prompt.split === 'test').map(toExample);
  let model;
  try {
    model = trainComplexityModel(train, {
      name: path.basename(file).replace(/\.[^.]*$/, '') || 'user',
      lexiconVersion: lexicon.version,
      trainedOn: `${path.basename(file)}, train split (${train.length} prompts)`,
    });
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}.`, 'Label some prompts "easy" and some "hard".');
  }
  const output = path.resolve(options.output ?? path.join(userConfigDir(context.env), 'complexity', 'weights.json'));
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(model.weights, null, 2)}\n`);
  const scored = test.map((example) => ({ score: scoreOf(model, example.features), hard: example.hard }));
  const evaluation =
    scored.length === 0
      ? null
      : { prompts: scored.length, roc_auc: computeRocAuc(scored), ...evaluateThreshold(scored, 0.5) };
  const snippet = `complexity_routing:\n  weights: ${output}\n`;
  if (context.output.json) {
    context.output.out(
      formatJson({
        weights: output,
        version: model.version,
        train: train.length,
        test: toSnakeCaseKeys(evaluation),
        snippet,
      }),
    );
    return 0;
  }
  context.output.out(`trained ${model.version} on ${train.length} prompts; wrote ${output}`);
  if (evaluation === null) context.output.out('no "split": "test" lines: nothing held back to evaluate on');
  else
    context.output.out(
      `test split (${evaluation.prompts} prompts): ROC AUC ${evaluation.roc_auc.toFixed(3)}; at 0.5: precision ${evaluation.precision.toFixed(3)}, recall ${evaluation.recall.toFixed(3)}, strong share ${evaluation.strongShare.toFixed(3)}`,
    );
  context.output.out(`\nUse it in a profile:\n${snippet}`);
  return 0;
}
