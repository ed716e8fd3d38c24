import { BiopipeError } from './errors.js';
import type { Environment } from './paths.js';
import type { ProfileRegistry } from './profile-registry.js';
import type { StrategyConfig } from './strategy-config.js';
import { readUserSettings } from './user-settings.js';

/** What auto-detection picked and why (filled in by the detector). */
export interface AutoDetectResult {
  strategy: string;
  reason: string;
}

/** Picks a strategy from the resources that are actually there. */
export type AutoDetectStrategy = () => Promise<AutoDetectResult>;

/** How the active strategy was chosen. */
export type StrategySource = 'argument' | 'environment' | 'user-default' | 'auto-detect';

export interface ResolvedStrategy {
  config: StrategyConfig;
  source: StrategySource;
  /** One line for humans, e.g. `--strategy t4_hybrid` or `auto-detected: 2 healthy vLLM endpoints`. */
  reason: string;
}

export interface ResolveStrategyOptions {
  registry: ProfileRegistry;
  /** `--strategy` or a library argument. */
  explicit?: string | undefined;
  env?: Environment;
  /** Consulted only when nothing else names a strategy. */
  autoDetect?: AutoDetectStrategy | undefined;
}

/** The environment turns debug routing on with `BIOPIPELINES_DEBUG_ROUTING=1` (or `true`). */
export function isDebugRoutingForced(env: Environment): boolean {
  const value = env['BIOPIPELINES_DEBUG_ROUTING'];
  return value === '1' || value === 'true';
}

/**
 * Resolves the active strategy: explicit argument > `BIOPIPELINES_STRATEGY` > the user's default
 * (`biopipe strategy use`) > auto-detection. A named profile that does not load is an error, never a
 * silent fall-through to the next source.
 */
export async function resolveStrategy(options: ResolveStrategyOptions): Promise<ResolvedStrategy> {
  const env = options.env ?? process.env;
  const debug = isDebugRoutingForced(env);
  const finish = (config: StrategyConfig, source: StrategySource, reason: string): ResolvedStrategy => ({
    config: debug ? config.withDebugRouting(true) : config,
    source,
    reason,
  });

  if (options.explicit !== undefined && options.explicit !== '') {
    return finish(options.registry.load(options.explicit), 'argument', `--strategy ${options.explicit}`);
  }
  const fromEnv = env['BIOPIPELINES_STRATEGY'];
  if (fromEnv !== undefined && fromEnv !== '') {
    return finish(options.registry.load(fromEnv), 'environment', `BIOPIPELINES_STRATEGY=${fromEnv}`);
  }
  const userDefault = readUserSettings(env).default_strategy;
  if (userDefault !== undefined) {
    return finish(
      options.registry.load(userDefault),
      'user-default',
      `user default (biopipe strategy use ${userDefault})`,
    );
  }
  if (options.autoDetect === undefined) {
    throw new BiopipeError(
      'strategy_detection_failed',
      'No strategy was named and auto-detection is not available here.',
      {
        hint: 'Pass --strategy NAME or set BIOPIPELINES_STRATEGY (see `biopipe strategy list`).',
      },
    );
  }
  const detected = await options.autoDetect();
  return finish(options.registry.load(detected.strategy), 'auto-detect', `auto-detected: ${detected.reason}`);
}
