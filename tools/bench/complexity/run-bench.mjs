// Complexity routing benchmark (issue 15): trains the logistic scorer on the train split of
// config/complexity/labelled-prompts.jsonl, then reports on the held-back test split, for the tasks
// t4_hybrid enables, the trained scorer against a LiteLLM-style rule scorer in the same run, and
// the scorer's p50/p99 for a 4 KB prompt. `--write-weights` rewrites config/complexity/weights.json.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StrategyConfig } from '@biopipe/core';
import {
  createComplexityModel,
  defaultWeightsPath,
  extractFeatures,
  loadComplexityScorer,
  loadLexicon,
  parseLabelledPrompts,
  resolveThreshold,
  scoreOf,
  thresholdForRecall,
  trainComplexityModel,
} from '@biopipe/router';
import { measureRouting } from './measure-routing.mjs';
import { measureSemantic } from './measure-semantic.mjs';
import { RULE_THRESHOLD, ruleScore } from './rule-scorer.mjs';
import { createPrompt, timeCalls } from './time-scorer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const setFile = path.join(root, 'config/complexity/labelled-prompts.jsonl');
const writeWeights = process.argv.includes('--write-weights');

const prompts = parseLabelledPrompts(readFileSync(setFile, 'utf8'), setFile);
const lexicon = loadLexicon();
const train = prompts.filter((prompt) => prompt.split === 'train');
const test = prompts.filter((prompt) => prompt.split === 'test');
const toExample = (prompt) => ({ features: extractFeatures(prompt.text, lexicon), hard: prompt.label === 'hard' });

const trained = trainComplexityModel(train.map(toExample), {
  name: 'builtin',
  lexiconVersion: lexicon.version,
  trainedOn: `config/complexity/labelled-prompts.jsonl, train split (${train.length} prompts)`,
});
if (writeWeights) writeFileSync(defaultWeightsPath(), `${JSON.stringify(trained.weights, null, 2)}\n`);
const scorer = loadComplexityScorer();
const shipped = scorer.model;
const reproducible = shipped.version === createComplexityModel(trained.weights).version;

const profile = StrategyConfig.fromYaml(path.join(root, 'config/strategies/t4_hybrid.yaml'));
const tasks = Object.entries(profile.profile.complexity_routing?.tasks ?? {});
if (tasks.length === 0) throw new Error('t4_hybrid enables complexity routing for no task');

// The rule scorer has no trained threshold; give it LiteLLM's own boundary and, to be fair, the
// threshold that reaches 90 % recall on the train split, as the trained scorer's was chosen.
const ruleTrainThreshold = thresholdForRecall(
  train.map((prompt) => ({ score: ruleScore(prompt.text), hard: prompt.label === 'hard' })),
  0.9,
);

// The semantic signal (off in the built-in profiles): its margin per test prompt, read from a
// simulator's embeddings, added to the trained scorer's log-odds at a few weights.
const SEMANTIC_WEIGHTS = [1, 2, 4];
const semantic = await measureSemantic(
  test.filter((prompt) => tasks.some(([task]) => task === prompt.task)).map((prompt) => prompt.text),
);

const rows = [];
const report = { set: path.relative(root, setFile), train: train.length, test: test.length, scorer: shipped.version };
report.weights_reproducible = reproducible;
report.by_task = {};
const scopes = [...tasks.map(([task]) => task), 'all enabled tasks'];
for (const scope of scopes) {
  const inScope = test.filter((prompt) =>
    scope === 'all enabled tasks' ? tasks.some(([task]) => task === prompt.task) : prompt.task === scope,
  );
  const threshold =
    scope === 'all enabled tasks'
      ? undefined
      : resolveThreshold(profile.profile.complexity_routing.tasks[scope], scorer);
  const scoresWith = (weight) =>
    inScope.map((prompt) => {
      const features = extractFeatures(prompt.text, lexicon);
      const taskThreshold = resolveThreshold(profile.profile.complexity_routing.tasks[prompt.task], scorer);
      // Across tasks each prompt meets its own task's threshold: compare score − threshold with 0.
      const score = scoreOf(shipped, features, weight * (semantic.margins.get(prompt.text) ?? 0));
      return { score: threshold === undefined ? score - taskThreshold : score, hard: prompt.label === 'hard' };
    });
  const trainedScores = scoresWith(0);
  const ruleScores = inScope.map((prompt) => ({ score: ruleScore(prompt.text), hard: prompt.label === 'hard' }));
  const figures = {
    trained: measureRouting(trainedScores, threshold ?? 0),
    ...Object.fromEntries(
      SEMANTIC_WEIGHTS.map((weight) => [
        `trained+semantic_w${weight}`,
        measureRouting(scoresWith(weight), threshold ?? 0),
      ]),
    ),
    semantic_only: measureRouting(
      inScope.map((prompt) => ({ score: semantic.margins.get(prompt.text) ?? 0, hard: prompt.label === 'hard' })),
      0,
    ),
    rule_litellm_boundary: measureRouting(ruleScores, RULE_THRESHOLD),
    rule_train_90_recall: measureRouting(ruleScores, ruleTrainThreshold),
  };
  report.by_task[scope] = figures;
  for (const [name, figure] of Object.entries(figures))
    rows.push([
      scope,
      name,
      figure.prompts,
      figure.hard,
      figure.threshold.toFixed(3),
      figure.strong_share.toFixed(3),
      figure.strong_calls_saved.toFixed(3),
      figure.recall.toFixed(3),
      figure.precision.toFixed(3),
      figure.roc_auc.toFixed(3),
      figure.apgr.toFixed(3),
      figure.strong_share_for_90_recall?.toFixed(3) ?? '-',
    ]);
}

const seed = test.find((prompt) => prompt.task === 'orchestration' && prompt.label === 'hard')?.text ?? '';
const prompt4k = createPrompt(4096, seed);
const prompt1m = createPrompt(1024 * 1024, seed);
report.semantic_latency = semantic.latency;
report.timing = {
  trained_4kb: timeCalls((text) => scorer.score(text), prompt4k, { calls: 20_000, warmup: 2_000 }),
  rule_4kb: timeCalls(ruleScore, prompt4k, { calls: 20_000, warmup: 2_000 }),
  trained_1mb: timeCalls((text) => scorer.score(text), prompt1m, { calls: 200, warmup: 20 }),
  trained_empty: timeCalls((text) => scorer.score(text), '', { calls: 20_000, warmup: 2_000 }),
};

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const header = [
    'scope',
    'scorer',
    'n',
    'hard',
    'thresh',
    'strong',
    'saved',
    'recall',
    'precis',
    'auc',
    'apgr',
    'share@90',
  ];
  const widths = header.map((name, index) => Math.max(name.length, ...rows.map((row) => String(row[index]).length)));
  const line = (cells) => cells.map((cell, index) => String(cell).padEnd(widths[index])).join('  ');
  console.log(`complexity routing on the test split of ${report.set} (${test.length} of ${prompts.length} prompts)`);
  console.log(`scorer ${shipped.version}; weights reproduce from the train split: ${reproducible ? 'yes' : 'NO'}`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('"saved": strong-model calls saved against sending every request of the task to the strong model');
  console.log(
    '"semantic_only": the margin alone, threshold 0; "trained+semantic_wN": the trained score plus N × margin in log-odds',
  );
  for (const [name, timing] of Object.entries(report.semantic_latency))
    console.log(
      `semantic ${name.padEnd(30)} wall p50 ${timing.p50_ms.toFixed(3)} ms p99 ${timing.p99_ms.toFixed(3)} ms (${timing.samples} reads)`,
    );
  for (const [name, timing] of Object.entries(report.timing))
    console.log(
      `${name.padEnd(14)} wall p50 ${timing.wall.p50_ms.toFixed(4)} ms p99 ${timing.wall.p99_ms.toFixed(4)} ms;` +
        ` cpu p50 ${timing.cpu.p50_ms.toFixed(4)} ms p99 ${timing.cpu.p99_ms.toFixed(4)} ms (${timing.calls} calls)`,
    );
}
