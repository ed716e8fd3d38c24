// Writes config/complexity/semantic-banks.json, the built-in banks of the semantic signal: from the
// train split of config/complexity/labelled-prompts.jsonl (never the test split the benchmark
// reports on), PER_GROUP prompts of each task and label, evenly spaced through the file.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSemanticBanksPath, parseLabelledPrompts } from '@biopipe/router';

const PER_GROUP = 20;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const setFile = path.join(root, 'config/complexity/labelled-prompts.jsonl');
const train = parseLabelledPrompts(readFileSync(setFile, 'utf8'), setFile).filter((prompt) => prompt.split === 'train');
const tasks = [...new Set(train.map((prompt) => prompt.task))];
const pick = (label) =>
  tasks.flatMap((task) => {
    const group = train.filter((prompt) => prompt.task === task && prompt.label === label);
    const count = Math.min(PER_GROUP, group.length);
    return Array.from({ length: count }, (_, index) => group[Math.floor((index * group.length) / count)].text);
  });
const banks = {
  schema_version: 1,
  name: 'builtin',
  derived_from: `config/complexity/labelled-prompts.jsonl, train split: ${PER_GROUP} prompts per task and label, evenly spaced`,
  easy: pick('easy'),
  hard: pick('hard'),
};
writeFileSync(defaultSemanticBanksPath(), `${JSON.stringify(banks, null, 2)}\n`);
console.log(
  `wrote ${path.relative(root, defaultSemanticBanksPath())}: ${banks.easy.length} easy, ${banks.hard.length} hard`,
);
