import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { ConfigValidationError } from './config-errors.js';
import { exitCodeFor } from './exit-codes.js';
import { StrategyConfig } from './strategy-config.js';

const fixture = path.join(import.meta.dirname, 'test-fixtures', 'bad-prices-and-budget.yaml');

const base = `profile_name: priced
allow_cloud: true
vllm_endpoints: { generalist: http://127.0.0.1:9001 }
task_routing: { '*': generalist }
fallback: [deepseek-v3]
`;

describe('phi_guard, cloud_prices and budget in a strategy profile', () => {
  it('reports every bad price, budget and guard value with its line (exit 2)', () => {
    let error: unknown;
    try {
      StrategyConfig.fromYaml(fixture);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems;
    const at = (field: string) => problems.find((problem) => problem.path === field);
    expect(at('cloud_prices.deepseek-v3.input_usd_per_mtok')).toMatchObject({ line: 10 });
    expect(at('cloud_prices.deepseek-v3.input_usd_per_mtok')?.message).toMatch(/negative/);
    expect(at('cloud_prices.deepseek-v3.output_usd_per_mtok')).toMatchObject({ line: 11 });
    expect(at('cloud_prices.deepseek-v3.as_of')?.message).toMatch(/YYYY-MM-DD/);
    expect(at('budget.daily_usd')).toMatchObject({ line: 18 });
    expect(at('budget.on_exceeded')).toMatchObject({ line: 19 });
    expect(at('budget.warn_at')).toMatchObject({ line: 20 });
    expect(at('phi_guard.mode')).toMatchObject({ line: 22 });
    expect(at('phi_guard.categories.1')).toMatchObject({ line: 23 });
    expect(at('phi_guard.allow_patterns.0')?.message).toMatch(/regular expression/);
    expect((error as ConfigValidationError).message).toContain(`${fixture}:10:`);
    expect(exitCodeFor((error as ConfigValidationError).code)).toBe(2);
  });

  it('defaults the PHI guard to keep_local with every category, and has no budget', () => {
    const config = StrategyConfig.fromString(base);
    expect(config.profile.phi_guard.mode).toBe('keep_local');
    expect(config.profile.phi_guard.categories).toContain('mrn');
    expect(config.profile.budget).toBeUndefined();
  });

  it('takes prices overridden by the user, and a budget with either limit', () => {
    const config = StrategyConfig.fromString(
      `${base}cloud_prices:\n  deepseek-v3: { input_usd_per_mtok: 1, output_usd_per_mtok: 2, as_of: 2026-11-30 }\nbudget: { monthly_usd: 25 }\n`,
    );
    expect(config.profile.cloud_prices['deepseek-v3']).toEqual({
      input_usd_per_mtok: 1,
      output_usd_per_mtok: 2,
      as_of: '2026-11-30',
    });
    expect(config.profile.budget).toEqual({ monthly_usd: 25, on_exceeded: 'local_only', warn_at: 0.8 });
  });

  it('names a price for an unknown cloud model at its line, with the closest name', () => {
    let error: unknown;
    try {
      StrategyConfig.fromString(
        `${base}cloud_prices:\n  deepseek-v4: { input_usd_per_mtok: 1, output_usd_per_mtok: 2, as_of: 2026-11-30 }\n`,
      );
    } catch (thrown) {
      error = thrown;
    }
    expect((error as ConfigValidationError).problems[0]).toMatchObject({
      path: 'cloud_prices.deepseek-v4',
      line: 7,
      hint: 'Did you mean "deepseek-v3"?',
    });
  });

  it('refuses a budget with no limit', () => {
    expect(() => StrategyConfig.fromString(`${base}budget: { on_exceeded: block }\n`)).toThrow(
      /daily_usd, monthly_usd or both/,
    );
  });

  it('dates every built-in price', () => {
    const config = StrategyConfig.fromString(base);
    for (const model of Object.values(config.cloudCatalogue)) expect(model.price?.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
