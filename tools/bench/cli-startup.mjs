#!/usr/bin/env node
// Start-up time of `biopipe --help` and `biopipe strategy list` next to `node -e 0`, measured in one
// run, interleaved so that machine load hits every command alike. Target: at most 150 ms above
// `node -e 0`. Run: npm run bench:cli (after a build).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const rounds = Number(process.env.ROUNDS ?? 21);
const main = path.resolve(import.meta.dirname, '../../apps/cli/dist/main.js');
const home = mkdtempSync(path.join(tmpdir(), 'biopipe-bench-'));
const env = { PATH: process.env.PATH, HOME: home };

const cases = {
  'node -e 0': { args: ['-e', '0'] },
  'biopipe --help': { args: [main, '--help'] },
  'biopipe strategy list': { args: [main, 'strategy', 'list'] },
  'biopipe strategy list (cold cache)': { args: [main, 'strategy', 'list'], cold: true },
};

function timeOnce({ args, cold }) {
  const runEnv = cold ? { ...env, XDG_CACHE_HOME: mkdtempSync(path.join(home, 'cache-')) } : env;
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
    `${name.padEnd(36)} ${median.toFixed(0).padStart(5)} ms (${quantile(values, 0.9).toFixed(0)} ms)${above}`,
  );
}
