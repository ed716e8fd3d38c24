import { describe, expect, it } from '@jest/globals';
import { StrategyConfig } from './strategy-config.js';
import { createProfileYaml } from './testing/create-profile-yaml.js';
import { profileProblems } from './testing/profile-problems.js';

const roles = { generalist: 9001, coder: 9002 };
const HYBRID = `${createProfileYaml({
  name: 'hybrid',
  allowCloud: true,
  roles,
  routing: { orchestration: 'cloud', code_generation: 'coder' },
})}fallback:
  primary: deepseek-v3
`;
const LOCAL = createProfileYaml({ name: 'local', roles, routing: { orchestration: 'generalist' } });

describe('complexity_routing in a strategy profile', () => {
  it('loads weak and strong targets with a threshold or a target strong share', () => {
    const config = StrategyConfig.fromString(
      `${HYBRID}complexity_routing:
  tasks:
    orchestration: { weak: generalist, strong: cloud, threshold: 0.55 }
    code_generation: { weak: coder, strong: cloud, target_strong_share: 0.3 }
`,
    );
    expect(config.profile.complexity_routing?.tasks['orchestration']).toEqual({
      weak: 'generalist',
      strong: 'cloud',
      threshold: 0.55,
    });
    expect(config.profile.complexity_routing?.tasks['code_generation']?.target_strong_share).toBe(0.3);
  });

  it('rejects a threshold outside 0-1 at its line', () => {
    const error = profileProblems(`${HYBRID}complexity_routing:
  tasks:
    orchestration:
      weak: generalist
      strong: cloud
      threshold: 1.5
`);
    expect(error.problems[0]).toMatchObject({ path: 'complexity_routing.tasks.orchestration.threshold', line: 16 });
    expect(error.message).toContain('profile.yaml:16');
    expect(error.message).toContain('must be from 0 to 1');
  });

  it('rejects an unknown target at its line, naming the closest role', () => {
    const error = profileProblems(`${HYBRID}complexity_routing:
  tasks:
    orchestration:
      weak: generalst
      strong: cloud
      threshold: 0.5
`);
    expect(error.problems[0]).toMatchObject({
      path: 'complexity_routing.tasks.orchestration.weak',
      line: 14,
      hint: 'Did you mean "generalist"?',
    });
    expect(error.message).toContain('unknown target "generalst"');
  });

  it('rejects both or neither of threshold and target_strong_share, and an unknown task type', () => {
    const both = profileProblems(`${HYBRID}complexity_routing:
  tasks:
    orchestration: { weak: generalist, strong: cloud, threshold: 0.5, target_strong_share: 0.3 }
`);
    expect(both.message).toContain('give exactly one of threshold or target_strong_share');
    const task = profileProblems(`${HYBRID}complexity_routing:
  tasks:
    orchestraton: { weak: generalist, strong: cloud, threshold: 0.5 }
`);
    expect(task.problems[0]).toMatchObject({ line: 13, hint: 'Did you mean "orchestration"?' });
  });

  it('refuses a cloud target in a PHI-safe profile: it may only choose between local roles', () => {
    const error = profileProblems(`${LOCAL}complexity_routing:
  tasks:
    orchestration: { weak: generalist, strong: cloud, threshold: 0.5 }
`);
    expect(error.problems[0]?.path).toBe('complexity_routing.tasks.orchestration.strong');
    expect(error.message).toContain('allow_cloud is false');
    expect(() =>
      StrategyConfig.fromString(`${LOCAL}complexity_routing:
  tasks:
    orchestration: { weak: generalist, strong: coder, threshold: 0.5 }
`),
    ).not.toThrow();
  });

  it('turns the semantic signal on with defaults, and refuses a cloud or unknown role and bad values with the line', () => {
    const tasks = `  tasks:
    orchestration: { weak: generalist, strong: coder, threshold: 0.5 }
`;
    const local = `${LOCAL.replace('  coder:', '  embeddings: http://127.0.0.1:9003\n  coder:')}complexity_routing:\n`;
    const config = StrategyConfig.fromString(`${local}  semantic: {}\n${tasks}`);
    expect(config.profile.complexity_routing?.semantic).toEqual({ role: 'embeddings', weight: 2, timeout_ms: 200 });
    const cloud = profileProblems(`${HYBRID}complexity_routing:\n  semantic: { role: cloud }\n${tasks}`);
    expect(cloud.problems[0]).toMatchObject({ path: 'complexity_routing.semantic.role', line: 12 });
    expect(cloud.message).toContain('must be a local role');
    const unknown = profileProblems(`${local}  semantic: { role: embedings }\n${tasks}`);
    expect(unknown.problems[0]?.path).toBe('complexity_routing.semantic.role');
    expect(unknown.message).toContain('Did you mean "embeddings"?');
    for (const [value, path, message] of [
      ['{ weight: -1 }', 'complexity_routing.semantic.weight', 'from 0 to 20'],
      ['{ timeout_ms: 0 }', 'complexity_routing.semantic.timeout_ms', 'from 1 to 10000 ms'],
      ['{ timeout_ms: 2.5 }', 'complexity_routing.semantic.timeout_ms', 'whole number'],
      ['{ timout_ms: 100 }', 'complexity_routing.semantic.timout_ms', 'timeout_ms'],
    ] as const) {
      const error = profileProblems(`${local}  semantic: ${value}\n${tasks}`);
      expect(error.problems[0]).toMatchObject({ path, line: 10 });
      expect(error.message).toContain(message);
    }
  });
});
