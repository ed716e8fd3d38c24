import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigValidationError, type ConfigProblem } from './config-errors.js';
import { parseYamlConfig } from './parse-yaml-config.js';
import { strategyProfileSchema } from './strategy-profile-schema.js';
import { profileProblems } from './testing/profile-problems.js';

const HYBRID = readFileSync(path.join(import.meta.dirname, '../../../config/strategies/t4_hybrid.yaml'), 'utf8');

function problemsOf(text: string): ConfigProblem[] {
  try {
    parseYamlConfig(text, 'lab.yaml', strategyProfileSchema);
  } catch (error) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
  throw new Error('the profile was valid');
}

describe('parseYamlConfig reports the root cause once', () => {
  it('gives one problem for a typo of allow_cloud, not the cloud routes that only look wrong because of it', () => {
    const problems = problemsOf(HYBRID.replace(/^allow_cloud: true$/m, 'allow_clod: true'));
    expect(problems).toEqual([
      expect.objectContaining({ path: 'allow_clod', line: 3, hint: 'Did you mean "allow_cloud"?' }),
    ]);
  });

  it('keeps a problem that stands whatever the typo meant', () => {
    const text = HYBRID.replace(/^allow_cloud: true$/m, 'allow_clod: true').replace(
      /^debug_routing: false$/m,
      'debug_routing: maybe',
    );
    expect(problemsOf(text).map((problem) => problem.path)).toEqual(['allow_clod', 'debug_routing']);
  });

  it('keeps the consequences when the key it resembles is also present (not a typo of it)', () => {
    const problems = problemsOf(
      'profile_name: lab\nallow_cloud: false\nallow_clod: true\ntask_routing: { "*": cloud }\n',
    );
    expect(problems.map((problem) => problem.path)).toEqual(['allow_clod', 'task_routing.*']);
  });

  it('gives one problem, on the line that is wrong, for a line indented deeper than its neighbours', () => {
    const problems = problemsOf(
      'profile_name: lab\nallow_cloud: false\nvllm_endpoints:\n  generalist: http://127.0.0.1:8001\n   coder: http://127.0.0.1:8002\n',
    );
    expect(problems).toEqual([
      expect.objectContaining({
        line: 5,
        column: 4,
        message: 'malformed YAML: this line is indented deeper than the key on line 4, which already has a value',
      }),
    ]);
  });

  it('keeps the parser message for a colon inside a plain value', () => {
    const problems = problemsOf('profile_name: lab\ndescription: ratio: 3\n');
    expect(problems).toEqual([
      expect.objectContaining({
        line: 2,
        message: 'malformed YAML: Nested mappings are not allowed in compact mappings',
      }),
    ]);
  });
});

describe('parseYamlConfig suggests the closest allowed value of an enum', () => {
  const LOCAL = `profile_name: local
allow_cloud: false
vllm_endpoints:
  generalist: http://127.0.0.1:9001
  biomed: http://127.0.0.1:9007
  guard: http://127.0.0.1:9006
task_routing:
  "*": generalist
  biomedical: { split: { generalist: 50, biomed: 50 }, sticky: sesion }
phi_guard: { mode: keep_locall }
safety_guard: { role: guard, action: blok, on_unavailable: fail_close }
budget: { daily_usd: 5, on_exceeded: local_onl }
replica_selection: { policy: round-robbin }
`;

  it('names the value each typo was meant to be, at its line', () => {
    const problems = profileProblems(LOCAL).problems;
    const at = (path: string): ConfigProblem | undefined => problems.find((problem) => problem.path === path);
    expect(at('task_routing.biomedical.sticky')).toMatchObject({ line: 9, hint: 'Did you mean "session"?' });
    expect(at('phi_guard.mode')).toMatchObject({ line: 10, hint: 'Did you mean "keep_local"?' });
    expect(at('safety_guard.action')).toMatchObject({ line: 11, hint: 'Did you mean "block"?' });
    expect(at('safety_guard.on_unavailable')).toMatchObject({ line: 11, hint: 'Did you mean "fail_closed"?' });
    expect(at('budget.on_exceeded')).toMatchObject({ line: 12, hint: 'Did you mean "local_only"?' });
    expect(at('replica_selection.policy')).toMatchObject({ line: 13, hint: 'Did you mean "round-robin"?' });
    expect(problems).toHaveLength(6);
  });

  it('gives no guess for a value close to none of them, and the message still lists them', () => {
    const problems = profileProblems(LOCAL.replace('keep_locall', 'whatever')).problems;
    const mode = problems.find((problem) => problem.path === 'phi_guard.mode');
    expect(mode).toMatchObject({ line: 10 });
    expect(mode?.message).toContain('"keep_local"');
    expect(mode?.hint).toBeUndefined();
  });
});
