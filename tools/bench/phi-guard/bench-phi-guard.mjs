#!/usr/bin/env node
// The PHI guard's detector on the labelled set (recall, false-positive rate) and its time on a 4 KB
// prompt (p99), against the same-run baseline of one plain regular-expression scan of the same
// prompt (an email pattern: the cheapest useful check). Targets: recall >= 98%, FPR <= 5%, p99 < 1 ms.
// Three runs in a row, each with its own baseline; the target is checked on the median run's p99, as
// a shared machine's scheduler can stall any one run.
//   SAMPLES=5000 RUNS=3
import { readFileSync } from 'node:fs';
import { createPhiDetector } from '@biopipe/router';

const samples = Number(process.env.SAMPLES ?? 5000);
const runs = Number(process.env.RUNS ?? 3);
const labelled = JSON.parse(
  readFileSync(new URL('../../../packages/router/test/fixtures/phi-labelled-prompts.json', import.meta.url), 'utf8'),
);
const detector = createPhiDetector();

const positives = labelled.filter((prompt) => prompt.phi);
const negatives = labelled.filter((prompt) => !prompt.phi);
const caught = positives.filter((prompt) => detector.detect([prompt.text]).flagged).length;
const falseAlarms = negatives.filter((prompt) => detector.detect([prompt.text]).flagged).length;

// A 4 KB prompt of clean bioinformatics text (the guard's common case: nothing to find, every rule runs to the end).
const clean = negatives.map((prompt) => prompt.text).join(' ');
const prompt4k = clean.repeat(Math.ceil(4096 / clean.length)).slice(0, 4096);
// The same with one identifier at the end, so the flagged path is timed too.
const flagged4k = `${prompt4k.slice(0, 4096 - 40)} Patient MRN 00452187, DOB 03/14/1961.`;

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
// Wall time, and the CPU time this process spent in the call (getrusage): on a shared machine the
// scheduler stalls some ~100 µs calls for whole time slices, which the wall p99 shows and the CPU p99
// does not. The target is the detector's own cost, so it is checked on CPU time; both are printed.
function time(fn) {
  for (let i = 0; i < 200; i++) fn();
  const wall = [];
  const cpu = [];
  for (let i = 0; i < samples; i++) {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    fn();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return {
    p50: percentile(wall, 50),
    p99: percentile(wall, 99),
    cpuP50: percentile(cpu, 50),
    cpuP99: percentile(cpu, 99),
  };
}
const email = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const results = [];
for (let run = 0; run < runs; run++) {
  results.push({
    baseline: time(() => prompt4k.match(email)),
    clean: time(() => detector.detect([prompt4k])),
    flagged: time(() => detector.detect([flagged4k])),
  });
}
const median = (select) =>
  [...results].sort((a, b) => select(a).cpuP99 - select(b).cpuP99)[Math.floor(results.length / 2)];

const us = (value) => `${(value * 1000).toFixed(1)} µs`;
const recall = (100 * caught) / positives.length;
const fpr = (100 * falseAlarms) / negatives.length;
console.log(`labelled set: ${labelled.length} prompts (${positives.length} with PHI, ${negatives.length} without)`);
console.log(
  `recall ${recall.toFixed(1)}% (${caught}/${positives.length})   false positives ${fpr.toFixed(1)}% (${falseAlarms}/${negatives.length})`,
);
results.forEach((result, index) => {
  console.log(`run ${index + 1}`);
  const line = (label, figures) =>
    `  ${label} wall p50 ${us(figures.p50)} p99 ${us(figures.p99)} | CPU p50 ${us(figures.cpuP50)} p99 ${us(figures.cpuP99)}`;
  console.log(line('baseline, one email regex over 4 KB:', result.baseline));
  console.log(line('detector, clean 4 KB prompt:         ', result.clean));
  console.log(line('detector, 4 KB prompt with PHI:      ', result.flagged));
});
const cleanTime = median((result) => result.clean).clean;
const flaggedTime = median((result) => result.flagged).flagged;
console.log(
  `median run CPU p99: clean ${us(cleanTime.cpuP99)}, with PHI ${us(flaggedTime.cpuP99)} (target < 1000 µs); wall p99 of that run: ${us(cleanTime.p99)}, ${us(flaggedTime.p99)}`,
);
const ok = recall >= 98 && fpr <= 5 && cleanTime.cpuP99 < 1 && flaggedTime.cpuP99 < 1;
console.log(ok ? 'targets met' : 'TARGETS MISSED');
process.exitCode = ok ? 0 : 1;
