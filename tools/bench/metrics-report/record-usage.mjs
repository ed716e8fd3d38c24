// Preloaded with `node --import` into a measured process: writes its peak resident set size (KiB)
// and CPU time (µs), from getrusage, to $BENCH_USAGE_FILE as JSON when it exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  if (process.env.BENCH_USAGE_FILE)
    writeFileSync(
      process.env.BENCH_USAGE_FILE,
      JSON.stringify({ maxRSS: usage.maxRSS, cpu: usage.userCPUTime + usage.systemCPUTime }),
    );
});
