import { describe, expect, it } from '@jest/globals';
import { StrategyConfig } from './strategy-config.js';
import { profileProblems } from './testing/profile-problems.js';

const LOCAL = `profile_name: local
allow_cloud: false
vllm_endpoints:
  generalist: http://127.0.0.1:9001
  guard: http://127.0.0.1:9006
task_routing:
  "*": generalist
`;

describe('safety_guard in a strategy profile', () => {
  it('defaults to block and fail_closed', () => {
    const config = StrategyConfig.fromString(`${LOCAL}safety_guard: { role: guard }\n`);
    expect(config.profile.safety_guard).toEqual({
      role: 'guard',
      action: 'block',
      on_unavailable: 'fail_closed',
      timeout_ms: 5000,
    });
  });

  it('refuses a guard role without endpoints (with the closest), the cloud, and unknown values, at their line', () => {
    expect(profileProblems(`${LOCAL}safety_guard: { role: gaurd }\n`).problems[0]).toMatchObject({
      path: 'safety_guard.role',
      line: 8,
      hint: 'Did you mean "guard"?',
    });
    expect(profileProblems(`${LOCAL}safety_guard: { role: cloud }\n`).problems[0]?.message).toContain('local role');
    expect(profileProblems(`${LOCAL}safety_guard: { role: guard, action: warn }\n`).problems[0]?.path).toBe(
      'safety_guard.action',
    );
    expect(profileProblems(`${LOCAL}safety_guard: { role: guard, on_unavailable: open }\n`).problems[0]?.path).toBe(
      'safety_guard.on_unavailable',
    );
  });
});
