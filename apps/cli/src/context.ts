import {
  ProfileRegistry,
  TemplateRegistry,
  loadFleetManifest,
  resolveStrategy,
  type AutoDetectStrategy,
  type ResolvedStrategy,
} from '@biopipe/core';
import { createOutput, type Output } from './output.js';

/** Options every command accepts (DESIGN.md: `biopipe [--strategy|-s NAME] [--json] [--debug-routing] [--config-dir DIR]`). */
export interface GlobalOptions {
  strategy?: string;
  json?: boolean;
  debugRouting?: boolean;
  configDir?: string[];
  debug?: boolean;
}

/** What a command needs: output, environment, the profile registry and strategy resolution. */
export interface CommandContext {
  readonly output: Output;
  readonly options: GlobalOptions;
  readonly env: NodeJS.ProcessEnv;
  registry(): ProfileRegistry;
  /** Context templates: built-in, then the user's config directories (as profiles). */
  templates(): TemplateRegistry;
  /** The active strategy (flag > environment > user default > auto-detection, by default the detector's). */
  resolveStrategy(autoDetect?: AutoDetectStrategy): Promise<ResolvedStrategy>;
}

export function createCommandContext(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): CommandContext {
  const effectiveEnv = options.debugRouting === true ? { ...env, BIOPIPELINES_DEBUG_ROUTING: '1' } : env;
  let registry: ProfileRegistry | undefined;
  let templates: TemplateRegistry | undefined;
  const context: CommandContext = {
    output: createOutput({ json: options.json === true, env }),
    options,
    env: effectiveEnv,
    registry: () => (registry ??= new ProfileRegistry({ configDirs: options.configDir ?? [], env: effectiveEnv })),
    templates: () => (templates ??= new TemplateRegistry({ configDirs: options.configDir ?? [], env: effectiveEnv })),
    resolveStrategy: (autoDetect) =>
      resolveStrategy({
        registry: context.registry(),
        explicit: options.strategy,
        env: effectiveEnv,
        autoDetect: autoDetect ?? detectFromResources,
      }),
  };
  // Probes the fleet only when nothing names a strategy; the detector module is loaded only then.
  const detectFromResources: AutoDetectStrategy = async () => {
    const { createStrategyAutoDetector } = await import('@biopipe/detector');
    return createStrategyAutoDetector({
      registry: context.registry(),
      env: effectiveEnv,
      fleet: loadFleetManifest(),
    })();
  };
  return context;
}
