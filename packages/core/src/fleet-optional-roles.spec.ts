import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  defaultFleetManifestPath,
  describeDisabledRole,
  loadFleetManifest,
  specialistsOverlayPath,
} from './fleet-manifest.js';
import { builtinConfigDir } from './paths.js';

describe('optional fleet roles', () => {
  it('leaves the disabled specialists out of the default fleet', () => {
    expect(Object.keys(loadFleetManifest(defaultFleetManifestPath()).roles)).toEqual([
      'generalist',
      'coder',
      'math',
      'embeddings',
    ]);
  });

  it('turns them on through the specialists overlay, with T4 settings (fp16, AWQ for BioMistral, within 16 GB)', () => {
    const manifest = loadFleetManifest(path.join(builtinConfigDir(), 'fleet.specialists.yaml'));
    expect(manifest.defaults.dtype).toBe('half');
    const { biomed, guard, intent } = manifest.roles;
    expect(biomed).toMatchObject({
      model: 'BioMistral/BioMistral-7B-AWQ-QGS128-W4-GEMM',
      quantization: 'awq',
      enabled: true,
    });
    expect(guard).toMatchObject({ model: 'meta-llama/Llama-Guard-3-1B', quantization: 'none' });
    expect(intent).toMatchObject({ model: 'meta-llama/Llama-3.2-3B-Instruct' });
    for (const role of Object.values(manifest.roles)) expect(role.vram_gb).toBeLessThanOrEqual(16);
    expect(new Set(Object.values(manifest.roles).map((role) => role.port)).size).toBe(7);
  });

  it('says which file disables a role and how to turn it on; nothing for a role it lacks or runs', () => {
    const fleet = defaultFleetManifestPath();
    expect(describeDisabledRole('biomed', fleet)).toEqual({
      message: `Role "biomed" is disabled in ${fleet} (enabled: false).`,
      hint: `Set enabled: true under roles.biomed in ${fleet}, or use the overlay that turns it on: BIOPIPELINES_FLEET_FILE=${specialistsOverlayPath()}`,
    });
    expect(describeDisabledRole('coder', fleet)).toBeUndefined();
    expect(describeDisabledRole('nope', fleet)).toBeUndefined();
    expect(describeDisabledRole('biomed', specialistsOverlayPath())).toBeUndefined();
    expect(describeDisabledRole('biomed', path.join(builtinConfigDir(), 'missing.yaml'))).toBeUndefined();
  });

  it('offers the built-in overlay only for the built-in fleet it extends', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'fleet-disabled-'));
    try {
      const own = path.join(directory, 'fleet.yaml');
      writeFileSync(
        own,
        'roles:\n  a: { model: m, served_model_name: a, port: 8001, max_model_len: 10, vram_gb: 1 }\n  biomed: { model: b, served_model_name: b, port: 8002, max_model_len: 10, vram_gb: 1, enabled: false }\n',
      );
      expect(describeDisabledRole('biomed', own)).toEqual({
        message: `Role "biomed" is disabled in ${own} (enabled: false).`,
        hint: `Set enabled: true under roles.biomed in ${own}.`,
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
