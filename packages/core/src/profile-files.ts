import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { builtinConfigDir, userConfigDir, type Environment } from './paths.js';

/**
 * Finding profile files by name, with no validation and no heavy imports, so that shell completion
 * and other quick paths can list names without loading the schemas.
 */

/** Profile names are file names: no dots or slashes, so a name can never leave its directory. */
export const PROFILE_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/** A profile file the registry knows about. */
export interface ProfileEntry {
  name: string;
  file: string;
  /** `builtin` for config/strategies; `user` for any user config directory. */
  origin: 'builtin' | 'user';
  /** True when this user profile hides a built-in one of the same name. */
  overridesBuiltin: boolean;
}

export interface ProfileFilesOptions {
  /** Extra config directories, lowest precedence first (e.g. `--config-dir`). Each holds `strategies/NAME.yaml`. */
  configDirs?: readonly string[];
  env?: Environment;
  /** Built-in config directory. @default the repository's config/ */
  builtinDir?: string;
}

/** The kinds of named YAML files a config directory holds, one subdirectory each. */
export type ConfigFileKind = 'strategies' | 'templates';

/** Files by name from one `strategies/` or `templates/` directory. */
function scanConfigFiles(configDir: string, kind: ConfigFileKind): Map<string, string> {
  const dir = path.join(configDir, kind);
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  for (const file of readdirSync(dir).sort()) {
    const match = /^(.+)\.ya?ml$/.exec(file);
    if (match?.[1] !== undefined && PROFILE_NAME_PATTERN.test(match[1])) found.set(match[1], path.join(dir, file));
  }
  return found;
}

/**
 * Every profile file by name: the built-in ones in `config/strategies/`, overridden by name by the
 * user config dir (`~/.config/biopipe`), then `BIOPIPELINES_CONFIG_DIR`, then each `--config-dir`.
 */
export function findProfileFiles(options: ProfileFilesOptions = {}): Map<string, ProfileEntry> {
  return findConfigFiles('strategies', options);
}

/** Every file of a kind by name, built-in first, then each user directory overriding by name (as profiles). */
export function findConfigFiles(kind: ConfigFileKind, options: ProfileFilesOptions = {}): Map<string, ProfileEntry> {
  const env = options.env ?? process.env;
  const userDirs = [userConfigDir(env), env['BIOPIPELINES_CONFIG_DIR'], ...(options.configDirs ?? [])].filter(
    (dir): dir is string => dir !== undefined && dir !== '',
  );
  const entries = new Map<string, ProfileEntry>();
  for (const [name, file] of scanConfigFiles(options.builtinDir ?? builtinConfigDir(), kind)) {
    entries.set(name, { name, file, origin: 'builtin', overridesBuiltin: false });
  }
  for (const dir of userDirs) {
    for (const [name, file] of scanConfigFiles(dir, kind)) {
      const previous = entries.get(name);
      const overridesBuiltin = previous !== undefined && (previous.origin === 'builtin' || previous.overridesBuiltin);
      entries.set(name, { name, file, origin: 'user', overridesBuiltin });
    }
  }
  return new Map([...entries].sort(([a], [b]) => a.localeCompare(b)));
}
