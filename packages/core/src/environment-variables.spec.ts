import { describe, expect, it } from '@jest/globals';
import { ENVIRONMENT_VARIABLES, applyEnvironmentAliases } from './environment-variables.js';

function apply(env: Record<string, string>): { env: Record<string, string | undefined>; warnings: string[] } {
  const warnings: string[] = [];
  return { env: applyEnvironmentAliases(env, (line) => warnings.push(line)), warnings };
}

describe('applyEnvironmentAliases', () => {
  it('reads a former BIOPIPE_ name as its BIOPIPELINES_ name, with one warning naming both', () => {
    const { env, warnings } = apply({ BIOPIPE_FLEET_FILE: '/srv/fleet.yaml' });
    expect(env['BIOPIPELINES_FLEET_FILE']).toBe('/srv/fleet.yaml');
    expect(warnings).toEqual(['warning: BIOPIPE_FLEET_FILE is deprecated; set BIOPIPELINES_FLEET_FILE instead.']);
  });

  it('lets the new name win when both are set, and still warns about the old one', () => {
    const { env, warnings } = apply({ BIOPIPE_SIM_CLOUD_KEY: 'old', BIOPIPELINES_SIM_CLOUD_KEY: 'new' });
    expect(env['BIOPIPELINES_SIM_CLOUD_KEY']).toBe('new');
    expect(warnings).toHaveLength(1);
  });

  it('keeps an empty former value (set to nothing is not unset)', () => {
    expect(apply({ BIOPIPE_SLURM_GPUS: '' }).env['BIOPIPELINES_SLURM_GPUS']).toBe('');
  });

  it('leaves an environment without former names alone, without warnings', () => {
    const original = { BIOPIPELINES_STRATEGY: 't4_hybrid', PATH: '/bin' };
    const { env, warnings } = apply(original);
    expect(env).toBe(original);
    expect(warnings).toEqual([]);
  });

  it('never puts a secret value into the warning', () => {
    const { warnings } = apply({ BIOPIPE_SIM_CLOUD_KEY: 'sk-secret-value' });
    expect(warnings.join('\n')).not.toContain('sk-secret-value');
  });
});

describe('ENVIRONMENT_VARIABLES', () => {
  it('uses one prefix: every biopipe name starts BIOPIPELINES_, every former name BIOPIPE_', () => {
    const names = ENVIRONMENT_VARIABLES.map((variable) => variable.name);
    expect(new Set(names).size).toBe(names.length);
    for (const variable of ENVIRONMENT_VARIABLES) {
      expect(variable.name).not.toMatch(/^BIOPIPE_/);
      if (variable.formerName !== undefined) {
        expect(variable.formerName).toBe(variable.name.replace(/^BIOPIPELINES_/, 'BIOPIPE_'));
      }
    }
  });
});
