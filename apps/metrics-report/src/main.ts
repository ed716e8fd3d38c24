#!/usr/bin/env node
import { runReport } from './run-report.js';

process.exitCode = await runReport(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  now: Date.now,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
