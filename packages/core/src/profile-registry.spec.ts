import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidProfileNameError, UnknownProfileError } from './config-errors.js';
import { PRESETS } from './presets.js';
import { ProfileRegistry } from './profile-registry.js';
import { StrategyConfig } from './strategy-config.js';
import { builtinConfigDir } from './paths.js';

let home: string;
const env = (): Record<string, string> => ({ HOME: home });

function writeProfile(configDir: string, name: string, body: string): string {
  const dir = path.join(configDir, 'strategies');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, body);
  return file;
}

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-registry-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('ProfileRegistry', () => {
  it('lists and loads the four built-in profiles', () => {
    const registry = new ProfileRegistry({ env: env() });
    expect(registry.names()).toEqual(['cloud_only', 'development', 't4_hybrid', 't4_local_only']);
    for (const listed of registry.list()) {
      expect(listed.error).toBeUndefined();
      expect(listed.origin).toBe('builtin');
    }
    const localOnly = registry.load('t4_local_only');
    expect(localOnly.allowCloud).toBe(false);
    expect(localOnly.routeFor('orchestration')).toEqual({ kind: 'role', role: 'generalist' });
    expect(registry.load('cloud_only').routeFor('code_generation')).toEqual({ kind: 'cloud' });
    expect(registry.load('development').debugRouting).toBe(true);
  });

  it('lets a user profile override a built-in one by name, --config-dir last', () => {
    const userDir = path.join(home, '.config', 'biopipe');
    writeProfile(
      userDir,
      't4_hybrid',
      'profile_name: t4_hybrid\ndescription: from the user dir\nvllm_endpoints:\n  generalist: http://10.0.0.1:8001\ntask_routing:\n  "*": generalist\n',
    );
    const flagDir = path.join(home, 'flag');
    writeProfile(
      flagDir,
      'cloud_only',
      'profile_name: cloud_only\ndescription: from --config-dir\nvllm_endpoints:\n  generalist: http://10.0.0.2:8001\ntask_routing:\n  "*": generalist\n',
    );
    const registry = new ProfileRegistry({ env: env(), configDirs: [flagDir] });
    expect(registry.load('t4_hybrid').description).toBe('from the user dir');
    expect(registry.load('cloud_only').description).toBe('from --config-dir');
    expect(registry.entry('cloud_only')).toMatchObject({ origin: 'user', overridesBuiltin: true });
    expect(registry.entry('development')).toMatchObject({ origin: 'builtin' });
  });

  it('reads BIOPIPELINES_CONFIG_DIR, below --config-dir', () => {
    const envDir = path.join(home, 'env');
    const flagDir = path.join(home, 'flag');
    writeProfile(envDir, 'mine', 'profile_name: mine\ndescription: env\n');
    writeProfile(flagDir, 'mine', 'profile_name: mine\ndescription: flag\n');
    expect(new ProfileRegistry({ env: { ...env(), BIOPIPELINES_CONFIG_DIR: envDir } }).load('mine').description).toBe(
      'env',
    );
    expect(
      new ProfileRegistry({ env: { ...env(), BIOPIPELINES_CONFIG_DIR: envDir }, configDirs: [flagDir] }).load('mine')
        .description,
    ).toBe('flag');
  });

  it('rejects a path-traversal name before touching any file', () => {
    // A valid profile sits where "../evil" would lead if the name were joined into a path.
    writeFileSync(path.join(home, 'evil.yaml'), 'profile_name: evil\n');
    const registry = new ProfileRegistry({ env: env(), configDirs: [home] });
    for (const name of ['../evil', '../../etc/passwd', 'Evil', '.hidden', 'a/b', '']) {
      expect(() => registry.load(name)).toThrow(InvalidProfileNameError);
    }
  });

  it('lists the available profiles and the closest name for an unknown one', () => {
    const registry = new ProfileRegistry({ env: env() });
    let caught: unknown;
    try {
      registry.load('t4_hybird');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownProfileError);
    expect((caught as UnknownProfileError).message).toMatch(/Did you mean "t4_hybrid"/);
    expect((caught as UnknownProfileError).hint).toMatch(/cloud_only, development, t4_hybrid, t4_local_only/);
  });

  it('keeps listing when one user profile is broken, and says which', () => {
    writeProfile(path.join(home, '.config', 'biopipe'), 'broken', 'profile_name: broken\nalow_cloud: true\n');
    const listed = new ProfileRegistry({ env: env() }).list();
    const broken = listed.find((profile) => profile.name === 'broken');
    expect(broken?.error?.message).toMatch(/Did you mean "allow_cloud"/);
    expect(listed.filter((profile) => profile.error === undefined)).toHaveLength(4);
  });

  it('refuses a profile whose profile_name differs from its file name', () => {
    writeProfile(path.join(home, '.config', 'biopipe'), 'alias', 'profile_name: other\n');
    expect(() => new ProfileRegistry({ env: env() }).load('alias')).toThrow(
      /profile_name is "other" but the file is named alias.yaml/,
    );
  });
});

describe('PRESETS', () => {
  it('is loaded from the YAML files, not a second copy', () => {
    expect(Object.keys(PRESETS).sort()).toEqual(['cloud_only', 'development', 't4_hybrid', 't4_local_only']);
    const fromFile = StrategyConfig.fromYaml(path.join(builtinConfigDir(), 'strategies', 't4_hybrid.yaml'));
    expect(PRESETS['t4_hybrid']?.profile).toEqual(fromFile.profile);
  });
});
