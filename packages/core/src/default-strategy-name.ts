import path from 'node:path';
import { userConfigDir, type Environment } from './paths.js';
import { readConfigFile } from './read-config-file.js';

/** Where `biopipe strategy use` stores the user's default. */
export function userSettingsPath(env: Environment = process.env): string {
  return path.join(userConfigDir(env), 'settings.json');
}

/**
 * The strategy named without auto-detection, in `resolveStrategy`'s order: the `--strategy` argument,
 * then `BIOPIPELINES_STRATEGY`, then the user's default (`biopipe strategy use`). Read without the
 * schemas, for `strategy list` to mark it; a missing or corrupt settings file just names none here
 * (`readUserSettings` is where that is reported).
 */
export function findNamedStrategy(options: { explicit?: string | undefined; env?: Environment }): string | undefined {
  const env = options.env ?? process.env;
  if (options.explicit !== undefined && options.explicit !== '') return options.explicit;
  const fromEnv = env['BIOPIPELINES_STRATEGY'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  try {
    const settings = JSON.parse(readConfigFile(userSettingsPath(env), 'user settings file')) as unknown;
    const named = (settings as { default_strategy?: unknown } | null)?.default_strategy;
    return typeof named === 'string' ? named : undefined;
  } catch {
    return undefined;
  }
}
