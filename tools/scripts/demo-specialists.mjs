#!/usr/bin/env node
// `npm run demo:specialists`: the seed's way of adding a specialised model, on a simulated fleet.
// Each step is a real `biopipe` process against simulated vLLM servers whose answer key makes the
// generalist right on about 72% of the biomedical sample suite and BioMistral on about 92%:
//   1. eval finds the generalist under 85% on the biomedical suite;
//   2. the biomed trigger fires (the interval's upper end is below 85%);
//   3. --apply writes the 50/50 split of biomedical between generalist and biomed into the profile;
//   4. biomedical sessions go through `biopipe serve` on that profile, each sticky to one arm;
//   5. each answer is graded and rated by request id (`biopipe feedback`, `POST /v1/feedback`);
//   6. the metrics report compares the arms and names the better one with its p-value.
// `--dir DIR` works in DIR and leaves it there (the profile, metrics and feedback); by default a
// temporary directory is removed at the end.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { startFleet } = await import('@biopipe/vllm-sim');
const cli = path.join(root, 'apps/cli/dist/main.js');
const report = path.join(root, 'apps/metrics-report/dist/main.js');
const { gradeAnswer } = await import(path.join(root, 'apps/cli/dist/eval/graders.js'));
const { loadEvalSuite, renderEvalMessages } = await import('@biopipe/core');
const traffic = await import('./demo-specialists-traffic.mjs');

const dirFlag = process.argv.indexOf('--dir');
const keptDir = dirFlag === -1 ? undefined : process.argv[dirFlag + 1];
if (dirFlag !== -1 && (keptDir === undefined || keptDir.startsWith('-'))) {
  process.stderr.write('demo:specialists: --dir needs a directory, e.g. --dir /tmp/specialists\n');
  process.exit(2);
}
/** Sessions of biomedical questions through the split, and questions per session (about 60 per arm). */
const SESSIONS = 32;
const PER_SESSION = 4;

const fleet = await startFleet({
  ports: 'free',
  cloud: false,
  manifestPath: path.join(root, 'config/fleet.specialists.yaml'),
  answerKeyFile: path.join(root, 'config/eval/answer-key.yaml'),
});
const home = keptDir === undefined ? mkdtempSync(path.join(tmpdir(), 'biopipe-specialists-')) : path.resolve(keptDir);
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
const metricsFile = traffic.metricsFileIn(home);
// One metrics file for the gateway, `biopipe feedback` and the report; feedback lands beside it.
const env = {
  PATH: process.env.PATH ?? '',
  HOME: home,
  BIOPIPELINES_STATE_DIR: path.join(home, 'state'),
  BIOPIPELINES_METRICS_PATH: metricsFile,
};
const newEndpoints = ['biomed', 'guard', 'intent'].flatMap((role) => ['--endpoint', `${role}=${url(role)}`]);

// Asynchronous on purpose: the simulated fleet runs in this process and must keep answering.
async function biopipe(title, args, program = cli) {
  const shown = program === cli ? 'biopipe' : 'metrics-report';
  if (title !== undefined) process.stdout.write(`\n== ${title}\n`);
  process.stdout.write(`$ ${shown} ${args.join(' ')}\n`);
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      program === cli ? [cli, '--config-dir', configDir, '-s', 'cluster', ...args] : [program, ...args],
      {
        cwd: root,
        env,
        encoding: 'utf8',
      },
    );
    process.stdout.write(stdout + stderr);
    return stdout;
  } catch (error) {
    process.stdout.write(error.stdout ?? '');
    process.stderr.write(error.stderr ?? '');
    throw new Error(`${shown} ${args.slice(0, 2).join(' ')} exited with ${error.code}`);
  }
}

/** Biomedical sessions through the split; feedback; the report. The answers carry over between steps. */
let answers = [];
async function routeSessions() {
  process.stdout.write(
    `\n== 4. ${SESSIONS} sessions of ${PER_SESSION} biomedical questions through biopipe serve on the written profile\n`,
  );
  // The specialist now runs (from the overlay, as step 3 said): biopipe reads the same manifest for its model name.
  const gateway = await traffic.startGateway({
    cli,
    args: ['--config-dir', configDir, '-s', 'cluster'],
    env: { ...env, BIOPIPELINES_FLEET_FILE: path.join(root, 'config/fleet.specialists.yaml') },
    cwd: root,
  });
  try {
    const { items } = loadEvalSuite(path.join(root, 'config/eval/biomedical-mcq.jsonl'));
    answers = await traffic.runSessions({
      url: gateway.url,
      items,
      sessions: SESSIONS,
      perSession: PER_SESSION,
      gradeAnswer,
      renderEvalMessages,
    });
    process.stdout.write(`${traffic.describeSessions(answers).join('\n')}\n`);
    // The gateway takes the ratings of every session but the first, whose go through the CLI below.
    const first = answers.filter((answer) => answer.session === 'lab-01');
    await traffic.postFeedback(
      gateway.url,
      answers.filter((answer) => answer.session !== 'lab-01'),
    );
    process.stdout.write(
      `\n== 5. feedback by request id, good when the graded answer is right\n` +
        `POST /v1/feedback: ${answers.length - first.length} ratings from sessions lab-02…lab-${SESSIONS}\n`,
    );
    const exitCode = await gateway.stop();
    if (exitCode !== 0) throw new Error(`biopipe serve exited with ${exitCode}`);
    for (const answer of first) await biopipe(undefined, ['feedback', answer.requestId, answer.right ? 'good' : 'bad']);
  } finally {
    await gateway.stop();
  }
}

/** The demonstration, one step after another. */
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
  routeSessions,
  () => biopipe('6. the report compares the arms', ['--file', metricsFile], report),
];

let code = 0;
try {
  for (const step of STEPS) await step();
} catch (error) {
  process.stderr.write(`demo:specialists: ${error.message}\n`);
  code = 1;
} finally {
  await fleet.stop();
  if (keptDir === undefined) rmSync(home, { recursive: true, force: true });
  else process.stdout.write(`\nkept ${home}\n`);
}
process.exit(code);
