import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { defaultFleetManifestPath, loadFleetManifest } from './fleet-manifest.js';
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
});
