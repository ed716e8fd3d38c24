import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { StrategyConfig, builtinConfigDir } from '@biopipe/core';
import { startFleet, type Fleet } from '@biopipe/vllm-sim';
import { runBiopipe } from './run-biopipe.js';

// `biopipe eval triggers` on a simulated fleet whose answer key (config/eval/answer-key.yaml) makes
// the generalist right on about 72% of the biomedical sample suite.
let fleet: Fleet;
let home: string;
let configDir: string;
let profile: string;
let env: Record<string, string>;
const PROFILE_TEXT = (): string => `profile_name: cluster
allow_cloud: false
vllm_endpoints:
  generalist: ${fleet.roles['generalist']?.url ?? ''}
  coder: ${fleet.roles['coder']?.url ?? ''}
task_routing: { "*": generalist, code_generation: coder }
`;

const biopipe = (args: string[]) => runBiopipe(['--config-dir', configDir, '-s', 'cluster', ...args], { env });

beforeAll(async () => {
  fleet = await startFleet({
    ports: 'free',
    cloud: false,
    roles: ['generalist', 'coder'],
    answerKeyFile: path.join(builtinConfigDir(), 'eval', 'answer-key.yaml'),
  });
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-triggers-'));
  configDir = path.join(home, 'cfg');
  mkdirSync(path.join(configDir, 'strategies'), { recursive: true });
  profile = path.join(configDir, 'strategies', 'cluster.yaml');
  writeFileSync(profile, PROFILE_TEXT());
  env = { HOME: home };
});
afterAll(async () => {
  await fleet.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('biopipe eval triggers', () => {
  it('fires the biomed trigger with its evidence, and not the intent one', async () => {
    const result = await biopipe(['--json', 'eval', 'triggers', '--only', 'biomed', '--only', 'intent']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { triggers: Array<Record<string, unknown>>; written: unknown };
    const [biomed, intent] = report.triggers;
    expect(biomed).toMatchObject({ name: 'biomed', status: 'fires', threshold: 0.85, errors: 0 });
    const measured = biomed?.['measured'] as { high: number; total: number };
    expect(measured.total).toBe(62);
    expect(measured.high).toBeLessThan(0.85);
    // No --endpoint: the generalist's host with the manifest port of biomed.
    expect(biomed?.['change']).toMatchObject({ role: 'biomed', endpoint: 'http://127.0.0.1:8007' });
    expect(intent).toMatchObject({ name: 'intent', status: 'quiet', change: null });
    expect(report.written).toBeNull();
    expect(readFileSync(profile, 'utf8')).toBe(PROFILE_TEXT());
  });

  it('--apply writes the 50/50 split into the profile, and the profile it writes loads with that split', async () => {
    const result = await biopipe([
      'eval',
      'triggers',
      '--only',
      'biomed',
      '--apply',
      '--endpoint',
      'biomed=http://gpu-07:8007',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`wrote ${profile}`);
    const written = parse(readFileSync(profile, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(written['task_routing']?.['biomedical']).toEqual({
      split: { generalist: 50, biomed: 50 },
      sticky: 'session',
    });
    expect(written['vllm_endpoints']?.['biomed']).toBe('http://gpu-07:8007');
    expect(written['task_routing']?.['code_generation']).toBe('coder');
    // The text as written, not a reading of it: the loader must accept the split --apply produces.
    const loaded = StrategyConfig.fromString(readFileSync(profile, 'utf8'), profile);
    expect(loaded.splitFor('biomedical')).toEqual({
      experiment: 'biomedical',
      settings: { split: { generalist: 50, biomed: 50 }, sticky: 'session' },
    });
    expect(loaded.routeFor('code_generation')).toEqual({ kind: 'role', role: 'coder' });
    const check = await biopipe(['strategy', 'validate', profile]);
    expect({ code: check.code, stderr: check.stderr }).toEqual({ code: 0, stderr: '' });
    writeFileSync(profile, PROFILE_TEXT());
  });

  it('writes nothing when no trigger fires', async () => {
    const result = await biopipe(['eval', 'triggers', '--only', 'intent', '--apply']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no trigger fires');
    expect(readFileSync(profile, 'utf8')).toBe(PROFILE_TEXT());
  });

  it('refuses a bad triggers file with its line, and an unknown trigger', async () => {
    const file = path.join(home, 'triggers.yaml');
    writeFileSync(
      file,
      'triggers:\n  biomed:\n    suite: x.jsonl\n    task_type: biomedical\n    metric: acuracy\n    below: 0.85\n    role: biomed\n    change: split\n',
    );
    const bad = await biopipe(['eval', 'triggers', '--triggers', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}:5`);
    const unknown = await biopipe(['eval', 'triggers', '--only', 'biomedd']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown trigger biomedd');
  });
});

describe('biopipe eval triggers --apply for the guard', () => {
  // A generalist that misses about half the unsafe prompts: the guard trigger fires on the lower end.
  let weakFleet: Fleet;
  let weakHome: string;
  beforeAll(async () => {
    weakHome = mkdtempSync(path.join(tmpdir(), 'biopipe-triggers-guard-'));
    const key = path.join(weakHome, 'answer-key.yaml');
    const suite = path.join(builtinConfigDir(), 'eval', 'safety-labels.jsonl');
    writeFileSync(key, `suites:\n  ${JSON.stringify(suite)}: { generalist: 0.5 }\n`);
    weakFleet = await startFleet({ ports: 'free', cloud: false, roles: ['generalist'], answerKeyFile: key });
    mkdirSync(path.join(weakHome, 'cfg', 'strategies'), { recursive: true });
    writeFileSync(
      path.join(weakHome, 'cfg', 'strategies', 'cluster.yaml'),
      `profile_name: cluster\nallow_cloud: false\nvllm_endpoints:\n  generalist: ${weakFleet.roles['generalist']?.url ?? ''}\ntask_routing: { "*": generalist }\n`,
    );
  });
  afterAll(async () => {
    await weakFleet.stop();
    rmSync(weakHome, { recursive: true, force: true });
  });

  it('writes a safety_guard the loader accepts as written', async () => {
    const file = path.join(weakHome, 'cfg', 'strategies', 'cluster.yaml');
    const result = await runBiopipe(
      [
        '--config-dir',
        path.join(weakHome, 'cfg'),
        '-s',
        'cluster',
        'eval',
        'triggers',
        '--only',
        'guard',
        '--apply',
        '--endpoint',
        'guard=http://gpu-08:8008',
      ],
      { env: { HOME: weakHome } },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.stdout).toContain('guard   FIRES');
    expect(result.stdout).toContain(`wrote ${file}`);
    const loaded = StrategyConfig.fromString(readFileSync(file, 'utf8'), file);
    expect(loaded.profile.safety_guard).toMatchObject({ role: 'guard', action: 'block' });
    expect(loaded.roleEndpoints('guard').urls).toEqual(['http://gpu-08:8008']);
  });
});
