#!/usr/bin/env node
// Builds the installable `biopipe` package in this directory: one ESM bundle per command (the CLI,
// the health monitor, its fleet tool, the metrics report) with every npm dependency inside, so the
// tarball installs offline with no `dependencies`; plus the files the commands find beside the
// bundle: `config/` (profiles, fleet, templates, complexity) and `infra/` (the fleet's job scripts).
// Lazy `import()`s become separate chunks, so `--help` still loads only what it needs.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const packageDir = path.resolve(import.meta.dirname, '..');
const workspace = path.resolve(packageDir, '../..');
const outdir = path.join(packageDir, 'dist');

for (const generated of ['dist', 'config', 'infra'])
  rmSync(path.join(packageDir, generated), { recursive: true, force: true });

await build({
  entryPoints: {
    biopipe: path.join(workspace, 'apps/cli/src/main.ts'),
    'biopipe-monitor': path.join(workspace, 'apps/health-monitor/src/main.ts'),
    'biopipe-fleet': path.join(workspace, 'apps/health-monitor/src/fleet-main.ts'),
    'biopipe-report': path.join(workspace, 'apps/metrics-report/src/main.ts'),
    // Loaded by URL beside the chunk that starts it (packages/metrics/src/aggregate-metrics-files.ts).
    'aggregate-range-worker': path.join(workspace, 'packages/metrics/src/aggregate-range-worker.ts'),
  },
  outdir,
  bundle: true,
  splitting: true,
  // Flat: every chunk sits beside the worker and one level below package.json and config/.
  chunkNames: 'chunk-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['@biopipe/source'],
  jsx: 'automatic',
  // ink loads the React devtools only when DEV=true; they are not shipped.
  external: ['react-devtools-core'],
  // CommonJS dependencies (commander, winston, …) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __biopipeCreateRequire } from 'node:module'; const require = __biopipeCreateRequire(import.meta.url);",
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  // Less to parse at every start; identifiers stay, so a --debug stack trace still names functions.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});

mkdirSync(path.join(packageDir, 'infra'), { recursive: true });
cpSync(path.join(workspace, 'config'), path.join(packageDir, 'config'), { recursive: true });
for (const script of ['slurm/slurm_vllm_job.sh', 'vllm/start_vllm_server.sh', 'env-aliases.sh'])
  cpSync(path.join(workspace, 'infra', script), path.join(packageDir, 'infra', script));
