#!/usr/bin/env node
// The router benchmarks, one after the other: added latency and memory, then failover.
// Run: npx nx run router:bench (builds the router and the simulator first).
import { spawnSync } from 'node:child_process';

for (const script of ['overhead.mjs', 'failover.mjs']) {
  console.log(`\n== ${script}`);
  const result = spawnSync(process.execPath, ['--expose-gc', new URL(`./${script}`, import.meta.url).pathname], {
    stdio: 'inherit',
    env: process.env,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
