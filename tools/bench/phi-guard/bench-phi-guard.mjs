#!/usr/bin/env node
// The PHI guard's detector on the labelled set (recall, false-positive rate) and its time on a 4 KB
// prompt (p99), against the same-run baseline of one plain regular-expression scan of the same
// prompt (an email pattern: the cheapest useful check). Targets: recall >= 98%, FPR <= 5%, p99 < 1 ms.
//   SAMPLES=5000
import { readFileSync } from 'node:fs';
import { createPhiDetector } from '@biopipe/router';

const samples = Number(process.env.SAMPLES ?? 5000);
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
function time(fn) {
  for (let i = 0; i < 200; i++) fn();
  const times = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}
const email = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
const baseline = time(() => prompt4k.match(email));
const cleanTime = time(() => detector.detect([prompt4k]));
const flaggedTime = time(() => detector.detect([flagged4k]));

const us = (value) => `${(value * 1000).toFixed(1)} µs`;
const recall = (100 * caught) / positives.length;
const fpr = (100 * falseAlarms) / negatives.length;
console.log(`labelled set: ${labelled.length} prompts (${positives.length} with PHI, ${negatives.length} without)`);
console.log(
  `recall ${recall.toFixed(1)}% (${caught}/${positives.length})   false positives ${fpr.toFixed(1)}% (${falseAlarms}/${negatives.length})`,
);
console.log(`baseline, one email regex over 4 KB:  p50 ${us(baseline.p50)}  p99 ${us(baseline.p99)}`);
console.log(`detector, clean 4 KB prompt:          p50 ${us(cleanTime.p50)}  p99 ${us(cleanTime.p99)}`);
console.log(`detector, 4 KB prompt with PHI:       p50 ${us(flaggedTime.p50)}  p99 ${us(flaggedTime.p99)}`);
const ok = recall >= 98 && fpr <= 5 && cleanTime.p99 < 1 && flaggedTime.p99 < 1;
console.log(ok ? 'targets met' : 'TARGETS MISSED');
process.exitCode = ok ? 0 : 1;
