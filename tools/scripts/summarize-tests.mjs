#!/usr/bin/env node
// Adds up every jest JSON report in reports/jest/ and prints one plain closing line for CI:
// `N passed, N failed, N skipped`. A skipped test (the real-vLLM suite without BIOPIPELINES_VLLM_URL)
// is never counted as passed.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const reportDir = path.resolve(import.meta.dirname, '../../reports/jest');
let passed = 0;
let failed = 0;
let skipped = 0;
let files = [];
try {
  files = readdirSync(reportDir).filter((name) => name.endsWith('.json'));
} catch {
  files = [];
}
for (const name of files) {
  const report = JSON.parse(readFileSync(path.join(reportDir, name), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  skipped += report.numPendingTests + report.numTodoTests;
  if (report.numFailedTests + report.numRuntimeErrorTestSuites > 0) {
    console.log(
      `${name.replace(/\.json$/, '')}: ${report.numFailedTests} failed tests, ${report.numRuntimeErrorTestSuites} suites that did not run`,
    );
  }
}
const expected = process.argv[2] ? Number(process.argv[2]) : 0;
if (files.length < expected) {
  console.log(`only ${files.length} of ${expected} projects reported test results`);
  failed += expected - files.length;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
