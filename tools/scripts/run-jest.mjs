#!/usr/bin/env node
// Runs one project's jest suite under native ESM and keeps its JSON result in reports/jest/, which
// tools/scripts/summarize-tests.mjs adds up into the closing `N passed, N failed` line.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const [projectRoot, projectName, ...rest] = process.argv.slice(2);
if (!projectRoot || !projectName) {
  console.error('usage: run-jest.mjs PROJECT_ROOT PROJECT_NAME [jest args...]');
  process.exit(2);
}
const workspaceRoot = path.resolve(import.meta.dirname, '../..');
const reportDir = path.join(workspaceRoot, 'reports', 'jest');
mkdirSync(reportDir, { recursive: true });
const jestBin = path.join(workspaceRoot, 'node_modules', 'jest', 'bin', 'jest.js');
const result = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    jestBin,
    '--config',
    path.join(workspaceRoot, projectRoot, 'jest.config.js'),
    '--json',
    '--outputFile',
    path.join(reportDir, `${projectName}.json`),
    ...rest,
  ],
  { stdio: 'inherit', cwd: workspaceRoot },
);
process.exit(result.status ?? 1);
