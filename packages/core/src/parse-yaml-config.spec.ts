import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigValidationError, type ConfigProblem } from './config-errors.js';
import { parseYamlConfig } from './parse-yaml-config.js';
import { strategyProfileSchema } from './strategy-profile-schema.js';

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
