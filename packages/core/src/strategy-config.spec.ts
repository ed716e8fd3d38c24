import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { ConfigFileUnreadableError, ConfigValidationError, UnknownTaskTypeError } from './config-errors.js';
import { StrategyConfig } from './strategy-config.js';

const fixture = (name: string): string => path.join(import.meta.dirname, 'test-fixtures', name);

function loadError(file: string): ConfigValidationError {
  try {
    StrategyConfig.fromYaml(file);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error;
    throw error;
  }
  throw new Error(`${file} loaded, but it should not`);
}

describe('StrategyConfig.fromYaml', () => {
  it('loads a valid profile with replicas, served names and a list-form fallback chain', () => {
    const config = StrategyConfig.fromYaml(fixture('valid-hybrid.yaml'));
    expect(config.name).toBe('valid-hybrid');
    expect(config.allowCloud).toBe(true);
    expect(config.roleEndpoints('generalist').urls).toEqual(['http://127.0.0.1:9001', 'http://127.0.0.1:9002']);
    expect(config.roleEndpoints('coder')).toEqual({ urls: ['http://127.0.0.1:9003'], servedModelName: 'my-coder' });
    expect(config.fallbackChain).toEqual(['deepseek-v3', 'claude-3.5-sonnet']);
    expect(config.routeFor('code_generation')).toEqual({ kind: 'role', role: 'coder' });
    expect(config.routeFor('math_statistics')).toEqual({ kind: 'role', role: 'generalist' });
    expect(config.routeFor('orchestration')).toEqual({ kind: 'cloud' });
    // Defaults are filled in.
    expect(config.profile.timeouts.first_token_ms).toBe(30_000);
    expect(config.profile.circuit_breaker.failure_threshold).toBe(3);
    expect(config.profile.metrics.path).toBe('logs/routing_metrics.jsonl');
  });

  it('names the file, line, column and the closest key for an unknown key', () => {
    const error = loadError(fixture('unknown-key.yaml'));
    expect(error.problems[0]).toMatchObject({
      path: 'alow_cloud',
      line: 3,
      column: 1,
      hint: 'Did you mean "allow_cloud"?',
    });
    expect(error.message).toContain(`${fixture('unknown-key.yaml')}:3:1: alow_cloud: unknown key "alow_cloud"`);
  });

  it('rejects a PHI-safe profile whose "*" route goes to the cloud, at the line of the route', () => {
    const error = loadError(fixture('phi-cloud-target.yaml'));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: 'task_routing.*', line: 7, column: 8 });
    expect(error.problems[0]?.message).toMatch(/allow_cloud is false/);
  });

  it('rejects a PHI-safe profile with a fallback chain', () => {
    const error = loadError(fixture('phi-fallback-chain.yaml'));
    expect(error.problems[0]).toMatchObject({ path: 'fallback', line: 7, column: 1 });
    expect(error.problems[0]?.message).toMatch(/PHI-safe/);
  });

  it('reports malformed YAML once, at the mis-indented line', () => {
    const error = loadError(fixture('malformed.yaml'));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.message).toMatch(/malformed YAML: this line is indented deeper than the key on line 4/);
    expect(error.problems[0]?.line).toBe(5);
    expect(error.problems[0]?.column).toBe(4);
  });

  it('reports every bad value at once, each located', () => {
    const error = loadError(fixture('bad-values.yaml'));
    const byPath = new Map(error.problems.map((problem) => [problem.path, problem]));
    expect(byPath.get('allow_cloud')).toMatchObject({ line: 2, column: 14 });
    expect(byPath.get('allow_cloud')?.message).toMatch(/expected boolean/);
    expect(byPath.get('vllm_endpoints.generalist')?.message).toMatch(/http/);
    expect(byPath.get('timeouts.first_token_ms')).toMatchObject({ line: 12 });
    expect(error.problems).toHaveLength(3);
    // Problems come in file order.
    const lines = error.problems.map((problem) => problem.line ?? 0);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('reports every broken reference with the closest valid name', () => {
    const error = loadError(fixture('bad-references.yaml'));
    const byPath = new Map(error.problems.map((problem) => [problem.path, problem]));
    expect(byPath.get('task_routing.intent_parsng')?.hint).toBe('Did you mean "intent_parsing"?');
    expect(byPath.get('task_routing.code_generation')?.hint).toBe('Did you mean "coder"?');
    expect(byPath.get('fallback.0')?.hint).toBe('Did you mean "deepseek-v3"?');
    expect(error.problems).toHaveLength(3);
  });

  it('needs an endpoint for every routed role unless the endpoint registry is enabled', () => {
    const text = 'profile_name: p\ntask_routing:\n  "*": generalist\n';
    expect(() => StrategyConfig.fromString(text, 'p.yaml')).toThrow(/role "generalist" has no endpoint/);
    const withRegistry = StrategyConfig.fromString(`${text}endpoint_registry:\n  enabled: true\n`, 'p.yaml');
    expect(withRegistry.roleEndpoints('generalist').urls).toEqual([]);
  });

  it('checks fallback names against the catalogue, including profile-defined cloud models', () => {
    const base = 'profile_name: p\nallow_cloud: true\ntask_routing:\n  "*": cloud\n';
    expect(() => StrategyConfig.fromString(`${base}fallback: { primary: claude-3.5-sonet }`, 'p.yaml')).toThrow(
      /Did you mean "claude-3.5-sonnet"/,
    );
    expect(() => StrategyConfig.fromString(`${base}fallback: [openai-embeddings]`, 'p.yaml')).toThrow(
      /embeddings model; fallback needs chat models/,
    );
    const custom = StrategyConfig.fromString(
      `${base}fallback: [mine]\ncloud_models:\n  mine: { provider: openai-compatible, model: m, base_url: "http://127.0.0.1:1", api_key_env: MY_KEY }\n`,
      'p.yaml',
    );
    expect(custom.cloudModel('mine')).toMatchObject({ model: 'm', kind: 'chat' });
  });

  it('refuses a cloud route with an empty chain', () => {
    expect(() =>
      StrategyConfig.fromString('profile_name: p\nallow_cloud: true\ntask_routing:\n  "*": cloud\n', 'p.yaml'),
    ).toThrow(/fallback chain is empty/);
  });

  it('defaults allow_cloud to false, the safe side', () => {
    expect(() => StrategyConfig.fromString('profile_name: p\ntask_routing:\n  "*": cloud\n', 'p.yaml')).toThrow(
      /allow_cloud is false/,
    );
  });

  it('keeps meaningful zeros', () => {
    const config = StrategyConfig.fromString(
      'profile_name: p\ncircuit_breaker:\n  cooldown_ms: 0\nretry:\n  base_delay_ms: 0\n',
      'p.yaml',
    );
    expect(config.profile.circuit_breaker.cooldown_ms).toBe(0);
    expect(config.profile.retry.base_delay_ms).toBe(0);
  });

  it('rejects unknown task types at routing time with the closest name', () => {
    const config = StrategyConfig.fromYaml(fixture('valid-hybrid.yaml'));
    expect(() => config.routeFor('code_generaton')).toThrow(UnknownTaskTypeError);
    expect(() => config.routeFor('code_generaton')).toThrow(/Did you mean "code_generation"/);
  });

  it('says when a file cannot be read', () => {
    expect(() => StrategyConfig.fromYaml(fixture('does-not-exist.yaml'))).toThrow(ConfigFileUnreadableError);
    expect(() => StrategyConfig.fromYaml(fixture('does-not-exist.yaml'))).toThrow(/no such file/);
  });

  it('treats an empty document as a profile missing its name', () => {
    expect(() => StrategyConfig.fromString('', 'empty.yaml')).toThrow(/profile_name/);
  });
});
