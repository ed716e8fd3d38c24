import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ProfileRegistry } from '@biopipe/core';
import { ModelOrchestrator } from './model-orchestrator.js';
import { createScriptedProvider } from './testing/index.js';

function registryWith(profiles: Record<string, string>): ProfileRegistry {
  const directory = mkdtempSync(path.join(tmpdir(), 'router-orchestrator-'));
  mkdirSync(path.join(directory, 'strategies'));
  for (const [name, text] of Object.entries(profiles))
    writeFileSync(path.join(directory, 'strategies', `${name}.yaml`), text);
  return new ProfileRegistry({ configDirs: [directory], env: {}, builtinDir: path.join(directory, 'none') });
}

const local = (name: string, url: string): string => `profile_name: ${name}
vllm_endpoints: { generalist: "${url}" }
task_routing: { "*": generalist }
`;

describe('ModelOrchestrator', () => {
  it('loads the named strategy, switches at runtime and keeps the current one on a bad switch', async () => {
    const registry = registryWith({
      one: local('one', 'http://one:8001'),
      two: local('two', 'http://two:8001'),
      broken: 'profile_name: broken\nalow_cloud: true\n',
    });
    const orchestrator = await ModelOrchestrator.create({
      strategy: 'one',
      registry,
      env: {},
      fleet: null,
      createLocalProvider: ({ url }) =>
        createScriptedProvider({ endpoint: url, steps: [{ kind: 'answer', text: url }] }),
    });
    expect(orchestrator.currentStrategy.name).toBe('one');
    await expect(orchestrator.switchStrategy('missing')).rejects.toMatchObject({ code: 'unknown_profile' });
    await expect(orchestrator.switchStrategy('broken')).rejects.toMatchObject({ code: 'config_invalid' });
    await expect(orchestrator.switchStrategy('../etc/passwd')).rejects.toMatchObject({ code: 'invalid_profile_name' });
    expect(orchestrator.currentStrategy.name).toBe('one');
    expect((await orchestrator.generate({ task_type: 'documentation', prompt: 'x' })).text).toBe('http://one:8001');
    await orchestrator.switchStrategy('two');
    expect((await orchestrator.generate({ task_type: 'documentation', prompt: 'x' })).route).toMatchObject({
      strategy: 'two',
      endpoint: 'http://two:8001',
    });
  });

  it('finishes in-flight requests on the old strategy; concurrent switches apply in call order', async () => {
    const registry = registryWith({
      one: local('one', 'http://one:8001'),
      two: local('two', 'http://two:8001'),
      three: local('three', 'http://three:8001'),
    });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const orchestrator = await ModelOrchestrator.create({
      strategy: 'one',
      registry,
      env: {},
      fleet: null,
      createLocalProvider: ({ url }) => {
        const provider = createScriptedProvider({ endpoint: url, steps: [{ kind: 'answer', text: url }] });
        return {
          ...provider,
          chat: async (request, options) =>
            url.includes('one') ? gate.then(() => provider.chat(request, options)) : provider.chat(request, options),
        };
      },
    });
    const inFlight = orchestrator.generate({ task_type: 'documentation', prompt: 'x' });
    await Promise.all([orchestrator.switchStrategy('two'), orchestrator.switchStrategy('three')]);
    release();
    expect((await inFlight).route.strategy).toBe('one');
    expect(orchestrator.currentStrategy.name).toBe('three');
  });

  it('resolves the strategy from the environment, else auto-detection', async () => {
    const registry = registryWith({ one: local('one', 'http://one:8001'), two: local('two', 'http://two:8001') });
    const fromEnv = await ModelOrchestrator.create({
      registry,
      env: { BIOPIPELINES_STRATEGY: 'two', HOME: '/nonexistent' },
      fleet: null,
    });
    expect(fromEnv.currentStrategy.name).toBe('two');
    const detected = await ModelOrchestrator.create({
      registry,
      env: { HOME: '/nonexistent' },
      fleet: null,
      autoDetect: () => Promise.resolve({ strategy: 'one', reason: 'test' }),
    });
    expect(detected.strategyReason).toBe('auto-detected: test');
  });
});
