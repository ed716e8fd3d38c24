import { describe, expect, it } from '@jest/globals';
import { StrategyConfig } from './strategy-config.js';
import { createProfileYaml } from './testing/create-profile-yaml.js';
import { profileProblems } from './testing/profile-problems.js';

const LOCAL = createProfileYaml({ name: 'local', roles: { generalist: 9001, guard: 9006 } });

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
