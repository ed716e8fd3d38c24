import { ProfileRegistry } from './profile-registry.js';
import type { StrategyConfig } from './strategy-config.js';

/**
 * The built-in profiles, loaded from `config/strategies/*.yaml` on first access (the YAML files are
 * the only copy; there is no second one in code).
 */
export const PRESETS: Readonly<Record<string, StrategyConfig>> = (() => {
  const registry = new ProfileRegistry({ env: {} });
  const presets: Record<string, StrategyConfig> = {};
  for (const name of registry.names()) {
    let loaded: StrategyConfig | undefined;
    Object.defineProperty(presets, name, {
      enumerable: true,
      get: () => (loaded ??= registry.load(name)),
    });
  }
  return Object.freeze(presets);
})();
