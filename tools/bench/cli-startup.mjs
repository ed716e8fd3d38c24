#!/usr/bin/env node
// Start-up time of `biopipe --help` and `biopipe strategy list` next to `node -e 0`, measured in one
// run, interleaved so that machine load hits every command alike: the installable bundle
// (apps/biopipe, what users run) and, as the same-run baseline, the unbundled tsc build of apps/cli.
// Target: at most 150 ms above `node -e 0`. Run: npm run bench:cli (after a build of both).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const rounds = Number(process.env.ROUNDS ?? 21);
const builds = {
  bundle: path.resolve(import.meta.dirname, '../../apps/biopipe/dist/biopipe.js'),
  unbundled: path.resolve(import.meta.dirname, '../../apps/cli/dist/main.js'),
};
for (const [name, file] of Object.entries(builds))
  if (!existsSync(file)) throw new Error(`${file} (${name}) is missing: run npx nx run-many -t build -p biopipe cli`);
const home = mkdtempSync(path.join(tmpdir(), 'biopipe-bench-'));
const env = { PATH: process.env.PATH, HOME: home };

const cases = { 'node -e 0': { args: ['-e', '0'] } };
for (const [build, main] of Object.entries(builds)) {
  // Each build keeps its own profile summary cache: the two would invalidate each other's.
  const cache = mkdtempSync(path.join(home, `${build}-cache-`));
  cases[`${build}: biopipe --help`] = { args: [main, '--help'] };
  cases[`${build}: biopipe strategy list`] = { args: [main, 'strategy', 'list'], cache };
  cases[`${build}: biopipe strategy list (cold cache)`] = { args: [main, 'strategy', 'list'], cold: true };
}

function timeOnce({ args, cold, cache }) {
  const runEnv = { ...env, XDG_CACHE_HOME: cold ? mkdtempSync(path.join(home, 'cache-')) : (cache ?? home) };
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env: runEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (const testCase of Object.values(cases)) timeOnce(testCase); // warm the file cache and the summary cache
for (let round = 0; round < rounds; round += 1) {
  for (const [name, testCase] of Object.entries(cases)) samples[name].push(timeOnce(testCase));
}
rmSync(home, { recursive: true, force: true });

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const baseline = quantile(samples['node -e 0'], 0.5);
console.log(`${rounds} interleaved rounds, medians (p90)`);
for (const [name, values] of Object.entries(samples)) {
  const median = quantile(values, 0.5);
  const above =
    name === 'node -e 0'
      ? ''
      : `  ${(median - baseline).toFixed(0).padStart(4)} ms above node -e 0${median - baseline <= 150 ? '' : '  OVER TARGET (150 ms)'}`;
  console.log(
    `${name.padEnd(48)} ${median.toFixed(0).padStart(5)} ms (${quantile(values, 0.9).toFixed(0)} ms)${above}`,
  );
}
