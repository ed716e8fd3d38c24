import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError } from './config-errors.js';
import { fleetManifestSchema } from './fleet-manifest-schema.js';
import { loadFleetManifest } from './fleet-manifest.js';
import { parseYamlConfig } from './parse-yaml-config.js';

function problemsOf(text: string): string[] {
  try {
    parseYamlConfig(text, 'fleet.yaml', fleetManifestSchema);
  } catch (error) {
    if (error instanceof ConfigValidationError)
      return error.problems.map(
        (problem) => `${problem.path}: ${problem.message}${problem.hint === undefined ? '' : ` (${problem.hint})`}`,
      );
  }
  return [];
}

describe('fleet manifest', () => {
  it('loads config/fleet.yaml with the four roles of the plan', () => {
    const manifest = loadFleetManifest();
    expect(Object.keys(manifest.roles)).toEqual(['generalist', 'coder', 'math', 'embeddings']);
    expect(manifest.roles['generalist']).toMatchObject({
      model: 'Qwen/Qwen2.5-7B-Instruct-AWQ',
      port: 8001,
      quantization: 'awq',
    });
    expect(manifest.roles['embeddings']).toMatchObject({
      model: 'BAAI/bge-m3',
      port: 8004,
      runner: 'pooling',
      embedding_dimensions: 1024,
    });
    expect(manifest.defaults).toMatchObject({ partition: 't4flex', dtype: 'half', time_limit: '24:00:00' });
  });

  it('rejects two roles on one port and a pooling role without dimensions', () => {
    const text =
      'roles:\n  a: { model: m, served_model_name: a, port: 1, max_model_len: 10, vram_gb: 1 }\n  b: { model: m, served_model_name: b, port: 1, max_model_len: 10, vram_gb: 1, runner: pooling }\n';
    expect(problemsOf(text)).toEqual([
      'roles.b: a pooling (embeddings) role needs embedding_dimensions',
      'roles.b.port: port 1 is already used by role "a"',
    ]);
  });

  it('names the closest key for a typo in a role', () => {
    const text = 'roles:\n  a: { model: m, served_model_name: a, prot: 1, max_model_len: 10, vram_gb: 1 }\n';
    expect(() => parseYamlConfig(text, 'fleet.yaml', fleetManifestSchema)).toThrow(ConfigValidationError);
    expect(problemsOf(text)).toContain('roles.a.prot: unknown key "prot" (Did you mean "port"?)');
  });
});
