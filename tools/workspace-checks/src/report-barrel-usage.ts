#!/usr/bin/env node
// `node tools/workspace-checks/dist/report-barrel-usage.js [ROOT]`: the barrel check as a command, with
// a table of every entry point's exports; exits 1 when an export is unused outside its package.
import path from 'node:path';
import { findBarrelUsage } from './barrel-usage/find-barrel-usage.js';
import { formatBarrelTable, listBarrelProblems } from './barrel-usage/format-barrel-usage.js';

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../../..'));
const usage = findBarrelUsage(root);
const problems = listBarrelProblems(root, usage);
process.stdout.write(`${formatBarrelTable(usage)}\n`);
for (const problem of problems) process.stdout.write(`${problem}\n`);
process.stdout.write(problems.length === 0 ? 'barrels: every export is used outside its package\n' : '');
process.exitCode = problems.length === 0 ? 0 : 1;
