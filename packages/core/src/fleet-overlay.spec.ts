import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigValidationError } from './config-errors.js';
import { defaultFleetManifestPath, loadFleetManifest } from './fleet-manifest.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'fleet-overlay-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function writeOverlay(text: string): string {
  const file = path.join(directory, 'fleet.dev.yaml');
  writeFileSync(file, `extends: ${defaultFleetManifestPath()}\n${text}`);
  return file;
}

describe('fleet overlay', () => {
  it('config/fleet.dev.yaml changes the memory for a 24 GB machine and keeps every role of fleet.yaml', () => {
    const base = loadFleetManifest();
    const development = loadFleetManifest(path.join(path.dirname(defaultFleetManifestPath()), 'fleet.dev.yaml'));
    expect(base.defaults.memory).toBe('32G');
    expect(Number.parseInt(development.defaults.memory, 10)).toBeLessThanOrEqual(6);
    expect(development.defaults.memory).toMatch(/^\d+G$/);
    expect(development.roles).toEqual(base.roles);
    expect({ ...development.defaults, memory: base.defaults.memory, cpus: base.defaults.cpus }).toEqual(base.defaults);
  });

  it('merges a role field without touching the others', () => {
    const manifest = loadFleetManifest(writeOverlay('roles:\n  math:\n    max_model_len: 2048\n'));
    expect(manifest.roles['math']).toMatchObject({ max_model_len: 2048, model: 'Qwen/Qwen2.5-Math-7B-Instruct' });
    expect(manifest.defaults.memory).toBe('32G');
  });

  it('points at the overlay line of an unknown key or a bad value', () => {
    const problemsOf = (file: string) => {
      try {
        loadFleetManifest(file);
      } catch (error) {
        if (error instanceof ConfigValidationError) return error.problems;
      }
      return [];
    };
    expect(problemsOf(writeOverlay('defaults:\n  memroy: 4G\n'))).toEqual([
      expect.objectContaining({ path: 'defaults.memroy', line: 3, hint: 'Did you mean "memory"?' }),
    ]);
    expect(problemsOf(writeOverlay('defaults:\n  gpu_memory_utilization: 2\n'))).toEqual([
      expect.objectContaining({ path: 'defaults.gpu_memory_utilization', line: 3 }),
    ]);
    expect(problemsOf(writeOverlay('roles:\n  coder:\n    port: 8001\n'))).toEqual([
      expect.objectContaining({ path: 'roles.coder.port', message: 'port 8001 is already used by role "generalist"' }),
    ]);
  });

  it('refuses a missing base and an overlay of an overlay', () => {
    const missing = path.join(directory, 'missing.yaml');
    writeFileSync(path.join(directory, 'a.yaml'), `extends: missing.yaml\n`);
    expect(() => loadFleetManifest(path.join(directory, 'a.yaml'))).toThrow(missing);
    writeFileSync(path.join(directory, 'b.yaml'), `extends: a.yaml\n`);
    expect(() => loadFleetManifest(path.join(directory, 'b.yaml'))).toThrow(/a\.yaml is itself an overlay/);
  });
});
