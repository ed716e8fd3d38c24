import { describe, expect, it } from '@jest/globals';
import { StrategyConfig } from './strategy-config.js';
import { createProfileYaml } from './testing/create-profile-yaml.js';
import { profileProblems } from './testing/profile-problems.js';

const LOCAL = createProfileYaml({ name: 'local', roles: { generalist: 9001, biomed: 9005 } });

describe('an A/B split in task_routing', () => {
  it('loads the shape an applied trigger writes, and routes the task to its first arm without a request', () => {
    const config = StrategyConfig.fromString(
      `${LOCAL}  biomedical: {split: {generalist: 50, biomed: 50}, sticky: session}\n`,
      'profile.yaml',
    );
    expect(config.splitFor('biomedical')).toEqual({
      experiment: 'biomedical',
      settings: { split: { generalist: 50, biomed: 50 }, sticky: 'session' },
    });
    expect(config.splitFor('orchestration')).toBeUndefined();
    expect(config.routeFor('biomedical')).toEqual({ kind: 'role', role: 'generalist' });
    expect(config.routedRoles).toEqual(['generalist', 'biomed']);
  });

  it('defaults sticky to session and applies a "*" split to every unlisted task', () => {
    const config = StrategyConfig.fromString(
      LOCAL.replace('"*": generalist', '"*": { split: { generalist: 90, biomed: 10 } }'),
    );
    expect(config.splitFor('documentation')).toEqual({
      experiment: '*',
      settings: { split: { generalist: 90, biomed: 10 }, sticky: 'session' },
    });
  });

  it('refuses shares that do not sum to 100, with the file and line', () => {
    const error = profileProblems(`${LOCAL}  biomedical: {split: {generalist: 60, biomed: 50}}\n`);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: 'task_routing.biomedical.split', line: 8 });
    expect(error.problems[0]?.message).toContain('sum to 110, not 100');
    expect(error.message).toContain('profile.yaml');
  });

  it('refuses an unknown role with the closest one, fractional and zero shares, and a single arm', () => {
    const error = profileProblems(
      `${LOCAL}  biomedical: {split: {generalist: 50, biomd: 50}}\n  statistics_x: generalist\n  documentation: {split: {generalist: 99.5, biomed: 0.5}}\n  orchestration: {split: {generalist: 100}}\n  code_generation: {split: {generalist: 100, biomed: 0}}\n`,
    );
    const byPath = new Map(error.problems.map((problem) => [problem.path, problem]));
    expect(byPath.get('task_routing.biomedical.split.biomd')?.hint).toBe('Did you mean "biomed"?');
    expect(byPath.get('task_routing.documentation.split.generalist')?.message).toContain('whole percentage');
    expect(byPath.get('task_routing.orchestration.split')?.message).toContain('at least two arms');
    expect(byPath.get('task_routing.code_generation.split.biomed')?.message).toContain('whole percentage');
  });

  it('refuses a cloud arm in a PHI-safe profile, and accepts one where the cloud is allowed', () => {
    const error = profileProblems(`${LOCAL}  biomedical: {split: {generalist: 50, cloud: 50}}\n`);
    expect(error.problems[0]).toMatchObject({ path: 'task_routing.biomedical.split.cloud' });
    expect(error.problems[0]?.message).toContain('PHI-safe');
    const hybrid = StrategyConfig.fromString(
      `${LOCAL.replace('allow_cloud: false', 'allow_cloud: true')}  biomedical: {split: {generalist: 50, cloud: 50}}\nfallback: [deepseek-v3]\n`,
    );
    expect(hybrid.splitFor('biomedical')?.settings.split).toEqual({ generalist: 50, cloud: 50 });
  });

  it('refuses an unknown key in a split, and an unknown sticky mode', () => {
    const error = profileProblems(`${LOCAL}  biomedical: {split: {generalist: 50, biomed: 50}, stickey: session}\n`);
    expect(error.problems[0]).toMatchObject({
      path: 'task_routing.biomedical.stickey',
      hint: 'Did you mean "sticky"?',
    });
    const sticky = profileProblems(`${LOCAL}  biomedical: {split: {generalist: 50, biomed: 50}, sticky: user}\n`);
    expect(sticky.problems[0]?.path).toBe('task_routing.biomedical.sticky');
    const number = profileProblems(`${LOCAL}  biomedical: 5\n`);
    expect(number.problems[0]?.message).toContain('an A/B split such as');
  });
});
