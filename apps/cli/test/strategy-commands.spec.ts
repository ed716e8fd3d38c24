import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBiopipe } from './run-biopipe.js';

const fixtures = path.resolve(import.meta.dirname, '../../../packages/core/src/test-fixtures');
let home: string;
let env: Record<string, string>;

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-cli-'));
  env = { HOME: home };
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('biopipe strategy', () => {
  it('lists the built-in profiles as JSON with whether each allows the cloud', async () => {
    const result = await runBiopipe(['--json', 'strategy', 'list'], { env });
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { name: string; allow_cloud: boolean }[];
    expect(listed.map((profile) => [profile.name, profile.allow_cloud])).toEqual([
      ['cloud_only', true],
      ['development', true],
      ['t4_hybrid', true],
      ['t4_local_only', false],
    ]);
  });

  it('prints a plain table when piped (no colour codes)', async () => {
    const result = await runBiopipe(['strategy', 'list'], { env });
    expect(result.stdout).toMatch(/^DEFAULT\s+NAME\s+CLOUD\s+ORIGIN\s+DESCRIPTION/);
    expect(result.stdout).toMatch(/t4_local_only\s+no \(PHI-safe\)/);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('never shows a stale listing: an edited or broken profile is revalidated', async () => {
    const dir = path.join(home, '.config', 'biopipe', 'strategies');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'lab.yaml');
    const list = async (): Promise<{
      code: number | null;
      lab: { description: string | null; error: unknown } | undefined;
    }> => {
      const result = await runBiopipe(['--json', 'strategy', 'list'], { env });
      const lab = (JSON.parse(result.stdout) as { name: string; description: string | null; error: unknown }[]).find(
        (profile) => profile.name === 'lab',
      );
      return { code: result.code, lab };
    };
    writeFileSync(file, 'profile_name: lab\ndescription: first\n');
    expect((await list()).lab?.description).toBe('first');
    expect((await list()).lab?.description).toBe('first');
    writeFileSync(file, 'profile_name: lab\ndescription: second one\n');
    expect((await list()).lab?.description).toBe('second one');
    writeFileSync(file, 'profile_name: lab\nalow_cloud: true\n');
    const broken = await list();
    expect(broken.code).toBe(2);
    expect(broken.lab?.error).toMatchObject({ code: 'config_invalid' });
  });

  it('shows a resolved profile with defaults filled in, as YAML and as JSON', async () => {
    const yaml = await runBiopipe(['strategy', 'show', 't4_local_only'], { env });
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/allow_cloud: false/);
    expect(yaml.stdout).toMatch(/first_token_ms: 30000/);
    const json = await runBiopipe(['--json', '-s', 'cloud_only', 'strategy', 'show'], { env });
    expect(JSON.parse(json.stdout).profile.task_routing).toEqual({ '*': 'cloud' });
  });

  it('validates files: 0 when all are valid, 2 with one block per problem otherwise', async () => {
    const ok = await runBiopipe(['strategy', 'validate', path.join(fixtures, 'valid-hybrid.yaml')], { env });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok\s+.*valid-hybrid\.yaml \(profile valid-hybrid\)/);
    const bad = await runBiopipe(
      [
        'strategy',
        'validate',
        path.join(fixtures, 'valid-hybrid.yaml'),
        path.join(fixtures, 'bad-references.yaml'),
        path.join(fixtures, 'nope.yaml'),
      ],
      { env },
    );
    expect(bad.code).toBe(2);
    expect(bad.stdout.match(/^error /gm)).toHaveLength(4);
    expect(bad.stdout).toContain(
      'bad-references.yaml:7:3: task_routing.intent_parsng: unknown task type "intent_parsng"',
    );
    expect(bad.stdout).toContain('hint: Did you mean "intent_parsing"?');
    expect(bad.stdout).toMatch(/nope\.yaml: no such file/);
  });

  it('validate reports the root cause once: a typo of allow_cloud, a mis-indented line', async () => {
    const builtin = readFileSync(
      path.resolve(import.meta.dirname, '../../../config/strategies/t4_hybrid.yaml'),
      'utf8',
    );
    const typo = path.join(home, 'typo.yaml');
    writeFileSync(typo, builtin.replace(/^allow_cloud: true$/m, 'allow_clod: true'));
    const indented = path.join(home, 'indented.yaml');
    writeFileSync(
      indented,
      'profile_name: lab\nallow_cloud: false\nvllm_endpoints:\n  generalist: http://127.0.0.1:8001\n   coder: http://127.0.0.1:8002\n',
    );
    const result = await runBiopipe(['strategy', 'validate', typo, indented], { env });
    expect(result.code).toBe(2);
    expect(result.stdout.match(/^error /gm)).toHaveLength(2);
    expect(result.stdout).toContain(
      `${typo}:3:1: allow_clod: unknown key "allow_clod"\n  hint: Did you mean "allow_cloud"?`,
    );
    expect(result.stdout).toContain(
      `${indented}:5:4: malformed YAML: this line is indented deeper than the key on line 4, which already has a value`,
    );
  });

  it('marks the default with * in the list: --strategy, then BIOPIPELINES_STRATEGY, then `strategy use`', async () => {
    const marked = async (args: string[], extraEnv: Record<string, string> = {}): Promise<string[]> =>
      (await runBiopipe([...args, 'strategy', 'list'], { env: { ...env, ...extraEnv } })).stdout
        .split('\n')
        .filter((line) => line.startsWith('*'))
        .map((line) => line.split(/\s+/)[1] ?? '');
    expect(await marked([])).toEqual([]);
    expect((await runBiopipe(['strategy', 'use', 't4_local_only'], { env })).code).toBe(0);
    expect(await marked([])).toEqual(['t4_local_only']);
    expect(await marked([], { BIOPIPELINES_STRATEGY: 'development' })).toEqual(['development']);
    expect(await marked(['-s', 'cloud_only'], { BIOPIPELINES_STRATEGY: 'development' })).toEqual(['cloud_only']);
    const listed = JSON.parse((await runBiopipe(['--json', 'strategy', 'list'], { env })).stdout) as {
      name: string;
      default: boolean;
    }[];
    expect(listed.filter((profile) => profile.default).map((profile) => profile.name)).toEqual(['t4_local_only']);
  });

  it('stores a default with `use`, which BIOPIPELINES_STRATEGY and --strategy still override', async () => {
    expect((await runBiopipe(['strategy', 'use', 't4_local_only'], { env })).code).toBe(0);
    const settings = JSON.parse(readFileSync(path.join(home, '.config', 'biopipe', 'settings.json'), 'utf8'));
    expect(settings).toEqual({ default_strategy: 't4_local_only' });
    const route = async (extra: string[], extraEnv: Record<string, string> = {}): Promise<string> =>
      JSON.parse((await runBiopipe(['--json', ...extra, 'route', 'hi'], { env: { ...env, ...extraEnv } })).stdout)
        .strategy;
    expect(await route([])).toBe('t4_local_only');
    expect(await route([], { BIOPIPELINES_STRATEGY: 'cloud_only' })).toBe('cloud_only');
    expect(await route(['-s', 't4_hybrid'], { BIOPIPELINES_STRATEGY: 'cloud_only' })).toBe('t4_hybrid');
    expect((await runBiopipe(['strategy', 'use', 'nope'], { env })).code).toBe(2);
  });

  it('loads user profiles from --config-dir, overriding built-ins by name', async () => {
    mkdirSync(path.join(home, 'cfg', 'strategies'), { recursive: true });
    writeFileSync(
      path.join(home, 'cfg', 'strategies', 'cloud_only.yaml'),
      'profile_name: cloud_only\ndescription: mine\n',
    );
    const result = await runBiopipe(['--json', '--config-dir', path.join(home, 'cfg'), 'strategy', 'list'], { env });
    const mine = (
      JSON.parse(result.stdout) as { name: string; description: string; overrides_builtin: boolean }[]
    ).find((profile) => profile.name === 'cloud_only');
    expect(mine).toMatchObject({ description: 'mine', overrides_builtin: true });
  });
});

describe('biopipe errors and exit codes', () => {
  it('exits 2 with a hint for an unknown profile, a traversal name and an unknown task', async () => {
    const unknown = await runBiopipe(['-s', 't4_hybird', 'route', 'x'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'error: Unknown strategy profile "t4_hybird". Did you mean "t4_hybrid"?\nhint: Available profiles: cloud_only, development, t4_hybrid, t4_local_only. See `biopipe strategy list`.\n',
    );
    const traversal = await runBiopipe(['-s', '../../etc/passwd', 'route', 'x'], { env });
    expect(traversal.code).toBe(2);
    expect(traversal.stderr).toMatch(/Invalid strategy profile name/);
    const task = await runBiopipe(['-s', 't4_hybrid', 'route', '--task', 'nope', 'x'], { env });
    expect(task.code).toBe(2);
    expect(task.stderr).toMatch(/Allowed choices are intent_parsing/);
  });

  it('reports errors as JSON under --json, with the exit code', async () => {
    const result = await runBiopipe(['--json', '-s', 'nope', 'route', 'x'], { env });
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'unknown_profile', exit_code: 2 } });
  });

  it('shows the stack only with --debug', async () => {
    expect((await runBiopipe(['-s', 'nope', 'route', 'x'], { env })).stderr).not.toMatch(/\n\s+at /);
    expect((await runBiopipe(['--debug', '-s', 'nope', 'route', 'x'], { env })).stderr).toMatch(/\n\s+at /);
  });

  it('has --help on every command', async () => {
    for (const args of [['--help'], ['strategy', '--help'], ['strategy', 'validate', '--help'], ['route', '--help']]) {
      const result = await runBiopipe(args, { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: biopipe/);
    }
  });

  it('prints the version of its package with --version and -V', async () => {
    const manifest = path.resolve(import.meta.dirname, '../package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await runBiopipe([flag], { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${version}\n`);
    }
  });
});

describe('biopipe route', () => {
  it('keeps PHI-safe orchestration local and never lists a cloud model', async () => {
    const result = await runBiopipe(['--json', '-s', 't4_local_only', 'route', '--task', 'orchestration', 'plan'], {
      env,
    });
    expect(JSON.parse(result.stdout)).toMatchObject({ target: 'generalist', cloud_chain: [], allow_cloud: false });
  });
});
