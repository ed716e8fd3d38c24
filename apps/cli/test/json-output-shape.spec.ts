import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findJsonOffenders } from './find-json-offenders.js';
import { BIOPIPE_MAIN } from './run-biopipe.js';
import { startCliFleet, type CliFleet } from './cli-fleet.js';

// Every command's `--json` as scripts read it: snake_case keys like the metrics records, and no
// float noise (`429.60202599999997`) — real processes against a simulated fleet on free ports.
const KEY = 'sk-JSON-shape-distinctive-5150';
let cli: CliFleet;

const biopipe = (args: string[], input?: string) => cli.biopipe(['--json', ...args], { input });

/** Runs one command with --json and returns what is wrong with its output (nothing, when it is clean). */
async function inspectJson(args: string[], expectedCode = 0): Promise<string[]> {
  const result = await biopipe(args);
  expect({ args, code: result.code, stderr: result.stderr }).toMatchObject({ code: expectedCode });
  return findJsonOffenders(JSON.parse(result.stdout)).map((offender) => `${args.join(' ')}: ${offender}`);
}

beforeAll(async () => {
  cli = await startCliFleet({ prefix: 'biopipe-json-shape-', key: KEY });
  cli.writeProfile(
    'shape',
    `allow_cloud: true
${cli.endpoints}
task_routing: { "*": generalist, code_generation: coder, embeddings: embeddings, orchestration: cloud }
fallback: [sim-deepseek]
${cli.simDeepseek}
cloud_prices:
  sim-deepseek: { input_usd_per_mtok: 0.27, output_usd_per_mtok: 1.1, as_of: 2026-12-01 }
budget: { daily_usd: 100, monthly_usd: 1000 }
complexity_routing:
  tasks:
    code_generation: { weak: coder, strong: cloud, threshold: 0.9 }
`,
  );
  cli.writeProfile('shape_local', `allow_cloud: false\n${cli.endpoints}\ntask_routing: { "*": generalist }\n`);
  cli.writeProfile('broken', 'allow_clod: true\n');
});
afterAll(() => cli.stop());

describe('--json output of every command', () => {
  it('of the strategy and template commands has snake_case keys', async () => {
    const offenders = [
      ...(await inspectJson(['strategy', 'list'], 2)),
      ...(await inspectJson(['-s', 'shape', 'strategy', 'show'])),
      ...(await inspectJson(['strategy', 'validate', path.join(cli.configDir, 'strategies', 'broken.yaml')], 2)),
      ...(await inspectJson(['strategy', 'use', 'shape'])),
      ...(await inspectJson(['templates', 'list'])),
      ...(await inspectJson(['templates', 'show', 'data-analysis'])),
    ];
    expect(offenders).toEqual([]);
  }, 60_000);

  it('of route, ask, embed and status has snake_case keys and numbers rounded to what they mean', async () => {
    const offenders = [
      ...(await inspectJson(['-s', 'shape', 'route', '--task', 'code_generation', 'a Snakemake rule for FastQC'])),
      ...(await inspectJson(['-s', 'shape', 'ask', '--task', 'code_generation', 'a Snakemake rule for FastQC'])),
      ...(await inspectJson(['-s', 'shape', 'ask', '--task', 'orchestration', 'plan an RNA-seq workflow'])),
      ...(await inspectJson(['-s', 'shape', 'ask', '--stream', 'explain a BAM file'])),
      ...(await inspectJson(['-s', 'shape', 'embed', 'GC content'])),
      ...(await inspectJson(['-s', 'shape', 'status'])),
      ...(await inspectJson(['-s', 'nowhere', 'ask', 'hello'], 2)),
    ];
    expect(offenders).toEqual([]);
  }, 60_000);

  it('of the complexity commands has snake_case keys and numbers rounded to what they mean', async () => {
    const offenders: string[] = [];
    // Calibration needs 20 recorded scores per task: add them beside the ones the asks recorded.
    await biopipe(['-s', 'shape', 'ask', '--task', 'code_generation', 'a Nextflow process for MultiQC']);
    const recorded = readFileSync(cli.metricsPath, 'utf8').trim().split('\n');
    const base = JSON.parse(recorded.find((line) => line.includes('"complexity_score"')) ?? '{}') as object;
    const extra = Array.from({ length: 30 }, (_, index) =>
      JSON.stringify({ ...base, request_id: `shape-${index}`, complexity_score: index / 30 }),
    );
    writeFileSync(cli.metricsPath, `${[...recorded, ...extra].join('\n')}\n`);
    offenders.push(...(await inspectJson(['-s', 'shape', 'complexity', 'calibrate', '--target-strong-share', '0.3'])));
    const labelled = path.join(cli.home, 'labelled.jsonl');
    writeFileSync(
      labelled,
      [
        ...Array.from({ length: 6 }, (_, index) => ({ label: 'easy', text: `Run FastQC on sample ${index}` })),
        ...Array.from({ length: 6 }, (_, index) => ({
          label: 'hard',
          text: `Design a multi-cohort RNA-seq integration with batch correction and confounded covariates, cohort ${index}.`,
        })),
        { label: 'easy', text: 'Run MultiQC', split: 'test' },
        { label: 'hard', text: 'Compare two batch-correction strategies across three cohorts', split: 'test' },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    offenders.push(
      ...(await inspectJson(['complexity', 'train', labelled, '--output', path.join(cli.home, 'weights.json')])),
    );
    expect(offenders).toEqual([]);
  });

  it('route --json marks the candidate that would serve as chosen, and none when nothing can', async () => {
    const candidatesOf = async (args: string[]) =>
      (JSON.parse((await biopipe(args)).stdout) as { candidates: { target: string; chosen: boolean }[] }).candidates;
    const generalist = cli.fleet.roles['generalist']?.handle;
    expect(
      (await candidatesOf(['-s', 'shape', 'route', 'explain a VCF file'])).map(({ target, chosen }) => [
        target,
        chosen,
      ]),
    ).toEqual([
      ['generalist', true],
      ['sim-deepseek', false],
    ]);
    generalist?.setFaults({ refuseConnections: true });
    try {
      // The generalist refuses connections: the cloud fallback is the one that would serve.
      expect(
        (await candidatesOf(['-s', 'shape', 'route', 'explain a VCF file'])).map(({ target, chosen }) => [
          target,
          chosen,
        ]),
      ).toEqual([
        ['generalist', false],
        ['sim-deepseek', true],
      ]);
      const local = await biopipe(['-s', 'shape_local', 'route', 'explain a VCF file']);
      expect(local.code).toBe(3);
      expect((JSON.parse(local.stdout) as { candidates: { chosen: boolean }[] }).candidates).toEqual([
        expect.objectContaining({ chosen: false }),
        expect.objectContaining({ chosen: false }),
      ]);
    } finally {
      generalist?.clearFaults();
    }
  });

  it('serve --json announces itself with snake_case keys', async () => {
    const child = spawn(
      process.execPath,
      [BIOPIPE_MAIN, '--config-dir', cli.configDir, '--json', '-s', 'shape', 'serve', '--port', '0'],
      { env: { PATH: process.env['PATH'] ?? '', ...cli.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let stdout = '';
      for await (const chunk of child.stdout) {
        stdout += String(chunk);
        if (stdout.trimEnd().endsWith('}')) break;
      }
      const announced = JSON.parse(stdout) as Record<string, unknown>;
      expect(announced).toMatchObject({ strategy: 'shape', allow_cloud: true });
      expect(findJsonOffenders(announced)).toEqual([]);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
