#!/usr/bin/env node
// `npm run demo:specialists`: the seed's way of adding a specialised model, on a simulated fleet.
// Each step is a real `biopipe` process against simulated vLLM servers whose answer key makes the
// generalist right on about 72% of the biomedical sample suite and BioMistral on about 92%:
//   1. eval finds the generalist under 85% on the biomedical suite;
//   2. the biomed trigger fires (the interval's upper end is below 85%);
//   3. --apply writes the 50/50 split of biomedical between generalist and biomed into the profile.
// Routing traffic through the split, feedback and the report's variant comparison come next (STEPS).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { startFleet } = await import(path.join(root, 'tools/vllm-sim/dist/index.js'));
const cli = path.join(root, 'apps/cli/dist/main.js');

const fleet = await startFleet({
  ports: 'free',
  cloud: false,
  manifestPath: path.join(root, 'config/fleet.specialists.yaml'),
  answerKeyFile: path.join(root, 'config/eval/answer-key.yaml'),
});
const home = mkdtempSync(path.join(tmpdir(), 'biopipe-specialists-'));
const configDir = path.join(home, 'config');
mkdirSync(path.join(configDir, 'strategies'), { recursive: true });
const profile = path.join(configDir, 'strategies', 'cluster.yaml');
const url = (role) => fleet.roles[role].url;
// The cluster before the specialists: the four standard roles, PHI-safe (nothing may leave it).
writeFileSync(
  profile,
  `profile_name: cluster
description: The T4 fleet before any specialist (demo)
allow_cloud: false
vllm_endpoints:
  generalist: ${url('generalist')}
  coder: ${url('coder')}
  math: ${url('math')}
  embeddings: ${url('embeddings')}
task_routing:
  "*": generalist
  code_generation: coder
  code_validation: coder
  math_statistics: math
  embeddings: embeddings
`,
);
const env = { PATH: process.env.PATH ?? '', HOME: home, BIOPIPELINES_STATE_DIR: path.join(home, 'state') };
const newEndpoints = ['biomed', 'guard', 'intent'].flatMap((role) => ['--endpoint', `${role}=${url(role)}`]);

// Asynchronous on purpose: the simulated fleet runs in this process and must keep answering.
async function biopipe(title, args) {
  process.stdout.write(`\n== ${title}\n$ biopipe ${args.join(' ')}\n`);
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, '--config-dir', configDir, '-s', 'cluster', ...args],
      {
        cwd: root,
        env,
        encoding: 'utf8',
      },
    );
    process.stdout.write(stdout);
    return stdout;
  } catch (error) {
    process.stdout.write(error.stdout ?? '');
    process.stderr.write(error.stderr ?? '');
    throw new Error(`biopipe ${args.slice(0, 2).join(' ')} exited with ${error.code}`);
  }
}

/** The demonstration, one step after another; the routing through the split is the next one to add. */
const STEPS = [
  () =>
    biopipe('1. the generalist on the biomedical sample suite', [
      'eval',
      'run',
      'config/eval/biomedical-mcq.jsonl',
      '--target',
      'generalist',
    ]),
  () => biopipe('2. which triggers fire on the current routing', ['eval', 'triggers', ...newEndpoints]),
  async () => {
    await biopipe('3. --apply: the biomedical split goes into the profile', [
      'eval',
      'triggers',
      '--only',
      'biomed',
      '--apply',
      ...newEndpoints,
    ]);
    process.stdout.write(`\n${profile}:\n${readFileSync(profile, 'utf8')}`);
  },
];

let code = 0;
try {
  for (const step of STEPS) await step();
  process.stdout.write(
    '\nNext: route biomedical traffic through the 50/50 split, record feedback, and compare the variants in the report.\n',
  );
} catch (error) {
  process.stderr.write(`demo:specialists: ${error.message}\n`);
  code = 1;
} finally {
  await fleet.stop();
  rmSync(home, { recursive: true, force: true });
}
process.exit(code);
