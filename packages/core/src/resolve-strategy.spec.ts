import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BiopipeError } from './errors.js';
import { ProfileRegistry } from './profile-registry.js';
import { resolveStrategy } from './resolve-strategy.js';
import { writeUserSettings } from './user-settings.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-resolve-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('resolveStrategy', () => {
  const detect = async (): Promise<{ strategy: string; reason: string }> => ({
    strategy: 'cloud_only',
    reason: 'a cloud key is set',
  });

  it('prefers the explicit argument, then the environment, then the user default, then auto-detection', async () => {
    const env = { HOME: home, BIOPIPELINES_STRATEGY: 't4_local_only' };
    const registry = new ProfileRegistry({ env });
    writeUserSettings({ default_strategy: 'development' }, env);
    expect((await resolveStrategy({ registry, env, explicit: 't4_hybrid', autoDetect: detect })).source).toBe(
      'argument',
    );
    const fromEnv = await resolveStrategy({ registry, env, autoDetect: detect });
    expect([fromEnv.source, fromEnv.config.name]).toEqual(['environment', 't4_local_only']);
    const fromUser = await resolveStrategy({ registry, env: { HOME: home }, autoDetect: detect });
    expect([fromUser.source, fromUser.config.name]).toEqual(['user-default', 'development']);
    rmSync(path.join(home, '.config'), { recursive: true });
    const detected = await resolveStrategy({ registry, env: { HOME: home }, autoDetect: detect });
    expect([detected.source, detected.config.name, detected.reason]).toEqual([
      'auto-detect',
      'cloud_only',
      'auto-detected: a cloud key is set',
    ]);
  });

  it('fails on an unknown named profile instead of falling through', async () => {
    const env = { HOME: home, BIOPIPELINES_STRATEGY: 'nope' };
    await expect(resolveStrategy({ registry: new ProfileRegistry({ env }), env, autoDetect: detect })).rejects.toThrow(
      /Unknown strategy profile "nope"/,
    );
  });

  it('turns debug routing on with BIOPIPELINES_DEBUG_ROUTING=1', async () => {
    const env = { HOME: home, BIOPIPELINES_DEBUG_ROUTING: '1' };
    const resolved = await resolveStrategy({ registry: new ProfileRegistry({ env }), env, explicit: 't4_hybrid' });
    expect(resolved.config.debugRouting).toBe(true);
  });

  it('says what to do when nothing names a strategy and nothing can detect one', async () => {
    const env = { HOME: home };
    const promise = resolveStrategy({ registry: new ProfileRegistry({ env }), env });
    await expect(promise).rejects.toBeInstanceOf(BiopipeError);
    await expect(resolveStrategy({ registry: new ProfileRegistry({ env }), env })).rejects.toMatchObject({
      code: 'strategy_detection_failed',
      hint: expect.stringMatching(/--strategy/),
    });
  });
});
