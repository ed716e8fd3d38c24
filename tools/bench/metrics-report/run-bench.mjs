#!/usr/bin/env node
// The metrics-report benchmark: generates 1,000,000 realistic records (deterministic), then, in one
// run, times the report CLI and DuckDB's read_json computing the same aggregates over the same file,
// each as its own process (wall time from spawn to exit, peak RSS from getrusage), and checks that
// the numbers are the same. Exits 1 when a number differs or a target is missed.
//   npx nx run metrics-report:bench                    (or: node tools/bench/metrics-report/run-bench.mjs)
//   options: --count N (1000000) --seed S (42) --runs R (5) --dir DIR (the OS temp dir) --keep
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const here = import.meta.dirname;
const root = path.resolve(here, '../../..');
const cli = path.join(root, 'apps/metrics-report/dist/main.js');
const TARGETS = { maxTimeRatio: 1.2, maxRssMb: 300 };

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    runs: { type: 'string', default: '5' },
    dir: { type: 'string', default: path.join(tmpdir(), 'biopipe-metrics-bench') },
    keep: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(values.runs));

/** Runs a node script as a child; returns wall time, peak RSS, CPU time and stdout. */
function measure(args) {
  const rssFile = path.join(values.dir, `rss-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', path.join(here, 'record-usage.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, BENCH_USAGE_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = [];
    let stderr = '';
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', async (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
      const usage = JSON.parse(await readFile(rssFile, 'utf8'));
      await rm(rssFile, { force: true });
      resolve({
        seconds,
        rssMb: usage.maxRSS / 1024,
        cpuSeconds: usage.cpu / 1e6,
        stdout: Buffer.concat(stdout).toString(),
      });
    });
  });
}

const median = (list) => [...list].sort((left, right) => left - right)[Math.floor(list.length / 2)];
const round = (value) => Number(value.toFixed(3));
/** Wall time (median, best, every run), CPU time and peak RSS of one side's runs. */
const summarizeRuns = (runs) => ({
  median_seconds: round(median(runs.map((entry) => entry.seconds))),
  best_seconds: round(Math.min(...runs.map((entry) => entry.seconds))),
  median_cpu_seconds: round(median(runs.map((entry) => entry.cpuSeconds))),
  peak_rss_mb: round(Math.max(...runs.map((entry) => entry.rssMb))),
  all_seconds: runs.map((entry) => round(entry.seconds)),
});

/** Every shared number, compared exactly; returns the differences. */
function compare(report, duck) {
  const differences = [];
  let compared = 0;
  const check = (where, actual, expected) => {
    compared += 1;
    if (actual !== expected) differences.push(`${where}: report ${actual}, DuckDB ${expected}`);
  };
  const checkGroup = (where, actual, expected) => {
    if (actual === undefined) return differences.push(`${where}: missing from the report`);
    for (const key of ['requests', 'successes', 'fallbacks', 'cloud_requests'])
      check(`${where}.${key}`, actual[key], expected[key]);
    for (const key of ['p50', 'p95', 'p99']) {
      check(`${where}.latency_ms.${key}`, actual.latency_ms[key], expected.latency_ms[key]);
      check(`${where}.ttft_ms.${key}`, actual.ttft_ms[key], expected.ttft_ms[key]);
    }
    check(`${where}.ttft_ms.count`, actual.ttft_ms.count, expected.ttft_ms.count);
  };
  checkGroup('totals', report.totals, duck.totals);
  check('by_task.length', report.by_task.length, duck.by_task.length);
  for (const group of duck.by_task)
    checkGroup(
      `by_task[${group.task_type}]`,
      report.by_task.find((entry) => entry.task_type === group.task_type),
      group,
    );
  check('by_model.length', report.by_model.length, duck.by_model.length);
  for (const group of duck.by_model)
    checkGroup(
      `by_model[${group.model}]`,
      report.by_model.find((entry) => entry.model === group.model),
      group,
    );
  check(
    'fallback_depths',
    JSON.stringify(report.fallback_depths.map(({ depth, requests }) => ({ depth, requests }))),
    JSON.stringify(duck.fallback_depths),
  );
  check(
    'top_errors',
    JSON.stringify(report.top_errors.map(({ error_class, count }) => ({ error_class, count }))),
    JSON.stringify(duck.top_errors),
  );
  return { compared, differences };
}

await mkdir(values.dir, { recursive: true });
const file = path.join(values.dir, `routing_metrics-${values.count}-${values.seed}.jsonl`);
if (!existsSync(file)) {
  process.stderr.write(`generating ${values.count} records (seed ${values.seed}) into ${file}\n`);
  await measure([
    path.join(here, 'generate-records.mjs'),
    '--count',
    values.count,
    '--seed',
    values.seed,
    '--out',
    file,
  ]);
}
const sizeMb = (await stat(file)).size / 1024 / 1024;
const reportOutput = path.join(values.dir, 'report.json');
const report = [];
const duck = [];
let reportJson;
let duckJson;
// Alternate the two so both see the same machine load.
for (let run = 0; run < runs; run += 1) {
  const fromReport = await measure([cli, '--file', file, '--format', 'json', '--output', reportOutput]);
  report.push(fromReport);
  reportJson = JSON.parse(await readFile(reportOutput, 'utf8'));
  const fromDuck = await measure([path.join(here, 'duckdb-aggregates.mjs'), file]);
  duck.push(fromDuck);
  duckJson = JSON.parse(fromDuck.stdout);
  process.stderr.write(
    `run ${run + 1}/${runs}: report ${fromReport.seconds.toFixed(2)} s (CPU ${fromReport.cpuSeconds.toFixed(2)} s) ${fromReport.rssMb.toFixed(0)} MB, DuckDB ${fromDuck.seconds.toFixed(2)} s (CPU ${fromDuck.cpuSeconds.toFixed(2)} s) ${fromDuck.rssMb.toFixed(0)} MB\n`,
  );
}

const { compared, differences } = compare(reportJson, duckJson);
const reportSeconds = median(report.map((entry) => entry.seconds));
const duckSeconds = median(duck.map((entry) => entry.seconds));
const reportRss = Math.max(...report.map((entry) => entry.rssMb));
const duckRss = Math.max(...duck.map((entry) => entry.rssMb));
const ratio = reportSeconds / duckSeconds;
const result = {
  records: reportJson.source.records,
  lines: reportJson.source.lines,
  file_mb: Number(sizeMb.toFixed(1)),
  runs,
  machine: `${cpus()[0]?.model ?? 'unknown cpu'}, ${availableParallelism()} threads, Node ${process.versions.node}`,
  report: summarizeRuns(report),
  duckdb: summarizeRuns(duck),
  time_ratio: round(ratio),
  load_average_after: loadavg().map(round),
  numbers_compared: compared,
  numbers_differing: differences.length,
  targets: { time_ratio_at_most: TARGETS.maxTimeRatio, peak_rss_mb_below: TARGETS.maxRssMb },
  passed: differences.length === 0 && ratio <= TARGETS.maxTimeRatio && reportRss < TARGETS.maxRssMb,
};
await mkdir(path.join(root, 'reports', 'bench'), { recursive: true });
await writeFile(path.join(root, 'reports', 'bench', 'metrics-report.json'), `${JSON.stringify(result, null, 2)}\n`);

console.log(
  `metrics-report benchmark: ${result.records.toLocaleString('en-US')} records, ${sizeMb.toFixed(0)} MB, median of ${runs} runs (${result.machine})`,
);
console.log(
  `  metrics-report   ${reportSeconds.toFixed(2)} s (best ${result.report.best_seconds.toFixed(2)} s, CPU ${result.report.median_cpu_seconds.toFixed(2)} s)  peak RSS ${reportRss.toFixed(0)} MB`,
);
console.log(
  `  DuckDB read_json ${duckSeconds.toFixed(2)} s (best ${result.duckdb.best_seconds.toFixed(2)} s, CPU ${result.duckdb.median_cpu_seconds.toFixed(2)} s)  peak RSS ${duckRss.toFixed(0)} MB`,
);
console.log(
  `  time ratio ${ratio.toFixed(2)}x (target <= ${TARGETS.maxTimeRatio}x), RSS target < ${TARGETS.maxRssMb} MB`,
);
console.log(`  numbers: ${compared} compared, ${differences.length} differ`);
for (const difference of differences.slice(0, 20)) console.log(`    ${difference}`);
console.log(result.passed ? 'PASS' : 'FAIL');
if (!values.keep) await rm(reportOutput, { force: true });
process.exitCode = result.passed ? 0 : 1;
