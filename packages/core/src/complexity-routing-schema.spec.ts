import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError } from './config-errors.js';
import { StrategyConfig } from './strategy-config.js';

const HYBRID = `profile_name: hybrid
allow_cloud: true
vllm_endpoints:
  generalist: http://127.0.0.1:9001
  coder: http://127.0.0.1:9002
task_routing:
  orchestration: cloud
  code_generation: coder
fallback:
  primary: deepseek-v3
`;
const LOCAL = `profile_name: local
allow_cloud: false
vllm_endpoints:
  generalist: http://127.0.0.1:9001
  coder: http://127.0.0.1:9002
task_routing:
  orchestration: generalist
`;

function problemsOf(text: string): ConfigValidationError {
  try {
    StrategyConfig.fromString(text, 'profile.yaml');
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error('the profile loaded, but it should not');
}

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
    const error = problemsOf(`${HYBRID}complexity_routing:
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
    const error = problemsOf(`${HYBRID}complexity_routing:
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
    const both = problemsOf(`${HYBRID}complexity_routing:
  tasks:
    orchestration: { weak: generalist, strong: cloud, threshold: 0.5, target_strong_share: 0.3 }
`);
    expect(both.message).toContain('give exactly one of threshold or target_strong_share');
    const task = problemsOf(`${HYBRID}complexity_routing:
  tasks:
    orchestraton: { weak: generalist, strong: cloud, threshold: 0.5 }
`);
    expect(task.problems[0]).toMatchObject({ line: 13, hint: 'Did you mean "orchestration"?' });
  });

  it('refuses a cloud target in a PHI-safe profile: it may only choose between local roles', () => {
    const error = problemsOf(`${LOCAL}complexity_routing:
  tasks:
    orchestration: { weak: generalist, strong: cloud, threshold: 0.5 }
`);
    expect(error.problems[0]?.path).toBe('complexity_routing.tasks.orchestration.strong');
    expect(error.message).toContain('allow_cloud is false');
    // The semantic signal is not built: its key is refused rather than accepted and ignored.
    const semantic = problemsOf(`${LOCAL}complexity_routing:
  semantic: { role: embeddings }
  tasks:
    orchestration: { weak: generalist, strong: coder, threshold: 0.5 }
`);
    expect(semantic.problems[0]?.path).toBe('complexity_routing.semantic');
    expect(() =>
      StrategyConfig.fromString(`${LOCAL}complexity_routing:
  tasks:
    orchestration: { weak: generalist, strong: coder, threshold: 0.5 }
`),
    ).not.toThrow();
  });
});
