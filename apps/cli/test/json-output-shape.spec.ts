import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFleet, type Fleet } from '@biopipe/vllm-sim';
import { findJsonOffenders } from './find-json-offenders.js';
import { BIOPIPE_MAIN, runBiopipe } from './run-biopipe.js';

// Every command's `--json` as scripts read it: snake_case keys like the metrics records, and no
// float noise (`429.60202599999997`) — real processes against a simulated fleet on free ports.
const KEY = 'sk-JSON-shape-distinctive-5150';
let fleet: Fleet;
let home: string;
let configDir: string;
let env: Record<string, string>;

const biopipe = (args: string[], input?: string) =>
  runBiopipe(['--config-dir', configDir, '--json', ...args], { env, ...(input === undefined ? {} : { input }) });

/** Runs one command with --json and returns what is wrong with its output (nothing, when it is clean). */
async function inspectJson(args: string[], expectedCode = 0): Promise<string[]> {
  const result = await biopipe(args);
  expect({ args, code: result.code, stderr: result.stderr }).toMatchObject({ code: expectedCode });
  return findJsonOffenders(JSON.parse(result.stdout)).map((offender) => `${args.join(' ')}: ${offender}`);
}

beforeAll(async () => {
  fleet = await startFleet({ ports: 'free', cloudApiKey: KEY });
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-json-shape-'));
  configDir = path.join(home, 'cfg');
  mkdirSync(path.join(configDir, 'strategies'), { recursive: true });
  env = {
    HOME: home,
    BIOPIPELINES_STATE_DIR: path.join(home, 'state'),
    BIOPIPELINES_METRICS_PATH: path.join(home, 'metrics.jsonl'),
    DEEPSEEK_API_KEY: KEY,
  };
  const roles = Object.entries(fleet.roles)
    .map(
      ([role, endpoint]) => `  ${role}: { urls: ["${endpoint.url}"], served_model_name: ${endpoint.servedModelName} }`,
    )
    .join('\n');
  writeFileSync(
    path.join(configDir, 'strategies', 'shape.yaml'),
    `profile_name: shape
allow_cloud: true
vllm_endpoints:
${roles}
task_routing: { "*": generalist, code_generation: coder, embeddings: embeddings, orchestration: cloud }
fallback: [sim-deepseek]
cloud_models:
  sim-deepseek: { provider: openai-compatible, model: deepseek-chat, base_url: "${fleet.cloud?.openai.url ?? ''}", api_key_env: DEEPSEEK_API_KEY }
cloud_prices:
  sim-deepseek: { input_usd_per_mtok: 0.27, output_usd_per_mtok: 1.1, as_of: 2026-12-01 }
budget: { daily_usd: 100, monthly_usd: 1000 }
complexity_routing:
  tasks:
    code_generation: { weak: coder, strong: cloud, threshold: 0.9 }
`,
  );
  writeFileSync(
    path.join(configDir, 'strategies', 'shape_local.yaml'),
    `profile_name: shape_local\nallow_cloud: false\nvllm_endpoints:\n${roles}\ntask_routing: { "*": generalist }\n`,
  );
  writeFileSync(path.join(configDir, 'strategies', 'broken.yaml'), 'profile_name: broken\nallow_clod: true\n');
});
afterAll(async () => {
  await fleet.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('--json output of every command', () => {
  it('of the strategy and template commands has snake_case keys', async () => {
    const offenders = [
      ...(await inspectJson(['strategy', 'list'], 2)),
      ...(await inspectJson(['-s', 'shape', 'strategy', 'show'])),
      ...(await inspectJson(['strategy', 'validate', path.join(configDir, 'strategies', 'broken.yaml')], 2)),
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
    const metricsPath = env['BIOPIPELINES_METRICS_PATH'] ?? '';
    await biopipe(['-s', 'shape', 'ask', '--task', 'code_generation', 'a Nextflow process for MultiQC']);
    const recorded = readFileSync(metricsPath, 'utf8').trim().split('\n');
    const base = JSON.parse(recorded.find((line) => line.includes('"complexity_score"')) ?? '{}') as object;
    const extra = Array.from({ length: 30 }, (_, index) =>
      JSON.stringify({ ...base, request_id: `shape-${index}`, complexity_score: index / 30 }),
    );
    writeFileSync(metricsPath, `${[...recorded, ...extra].join('\n')}\n`);
    offenders.push(...(await inspectJson(['-s', 'shape', 'complexity', 'calibrate', '--target-strong-share', '0.3'])));
    const labelled = path.join(home, 'labelled.jsonl');
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
      ...(await inspectJson(['complexity', 'train', labelled, '--output', path.join(home, 'weights.json')])),
    );
    expect(offenders).toEqual([]);
  });

  it('route --json marks the candidate that would serve as chosen, and none when nothing can', async () => {
    const candidatesOf = async (args: string[]) =>
      (JSON.parse((await biopipe(args)).stdout) as { candidates: { target: string; chosen: boolean }[] }).candidates;
    const generalist = fleet.roles['generalist']?.handle;
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
      [BIOPIPE_MAIN, '--config-dir', configDir, '--json', '-s', 'shape', 'serve', '--port', '0'],
      { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
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
