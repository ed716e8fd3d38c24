#!/usr/bin/env node
// `nx run vllm-sim:fleet`: the development fleet in the foreground until SIGINT/SIGTERM.
import { BiopipeError } from '@biopipe/core';
import { DEVELOPMENT_LATENCY } from './development-latency.js';
import { startFleet } from './start-fleet.js';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  process.stdout
    .write(`Usage: fleet-main.js [--free-ports] [--instant] [--mode echo|lorem] [--manifest FILE] [--answer-key FILE]

Starts one simulated vLLM server per role of config/fleet.yaml on its manifest port (8001-8004) and
the simulated OpenAI-compatible (8005) and Anthropic (8006) APIs of the development profile, all on
127.0.0.1, with the admin endpoint (/admin/faults) enabled. Runs until SIGINT or SIGTERM.
  --free-ports   bind free ports instead of the manifest's
  --instant      no simulated latency (default: a few ms per token, like a small GPU)
  --mode M       echo (repeat the prompt) or lorem (default)
  --manifest F   another fleet manifest or overlay, e.g. config/fleet.specialists.yaml (optional roles on)
  --answer-key F each role answers the evaluation suites F names for it, right with F's probability
                 (config/eval/answer-key.yaml); other requests follow --mode
`);
  process.exit(0);
}
const modeIndex = args.indexOf('--mode');
const mode = modeIndex >= 0 ? args[modeIndex + 1] : 'lorem';
if (mode !== 'echo' && mode !== 'lorem') {
  process.stderr.write(`error: --mode must be echo or lorem, got "${String(mode)}".\n`);
  process.exit(2);
}
const valueOf = (flag: string): string | undefined => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};
const manifestPath = valueOf('--manifest');
const answerKeyFile = valueOf('--answer-key');
try {
  const fleet = await startFleet({
    ...(manifestPath === undefined ? {} : { manifestPath }),
    ...(answerKeyFile === undefined ? {} : { answerKeyFile }),
    ports: args.includes('--free-ports') ? 'free' : 'manifest',
    mode,
    ...(args.includes('--instant') ? {} : { latency: DEVELOPMENT_LATENCY }),
  });
  for (const [role, endpoint] of Object.entries(fleet.roles)) {
    process.stdout.write(`${role.padEnd(12)} ${endpoint.url}  model ${endpoint.servedModelName}\n`);
  }
  if (fleet.cloud !== undefined) {
    process.stdout.write(
      `${'cloud-openai'.padEnd(12)} ${fleet.cloud.openai.url}  (DeepSeek/OpenAI stand-in; any non-empty key in BIOPIPELINES_SIM_CLOUD_KEY)\n`,
    );
    process.stdout.write(
      `${'cloud-claude'.padEnd(12)} ${fleet.cloud.anthropic.url}  (Anthropic stand-in; any non-empty key in BIOPIPELINES_SIM_CLOUD_KEY)\n`,
    );
  }
  process.stdout.write('Fleet running; faults: POST <url>/admin/faults. Press Ctrl+C to stop.\n');
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      void fleet.stop().then(() => process.stdout.write('Fleet stopped.\n'));
    });
  }
} catch (error) {
  const hint = BiopipeError.isInstance(error) && error.hint !== undefined ? `\n  hint: ${error.hint}` : '';
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}${hint}\n`);
  process.exit(BiopipeError.isInstance(error) ? 2 : 1);
}
