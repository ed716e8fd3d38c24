import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InvalidProfileNameError, UnknownProfileError } from './config-errors.js';
import { findClosestMatch } from './closest-match.js';
import { BiopipeError, normalizeError } from './errors.js';
import { builtinConfigDir, userConfigDir, type Environment } from './paths.js';
import { StrategyConfig } from './strategy-config.js';
import { PROFILE_NAME_PATTERN } from './strategy-profile-schema.js';

/** A profile file the registry knows about. */
export interface ProfileEntry {
  name: string;
  file: string;
  /** `builtin` for config/strategies; `user` for any user config directory. */
  origin: 'builtin' | 'user';
  /** True when this user profile hides a built-in one of the same name. */
  overridesBuiltin: boolean;
}

/** A listed profile: loaded, or the error that stopped it loading (one bad file never hides the rest). */
export type ListedProfile = ProfileEntry & ({ config: StrategyConfig; error?: undefined } | { config?: undefined; error: BiopipeError });

export interface ProfileRegistryOptions {
  /** Extra config directories, lowest precedence first (e.g. `--config-dir`). Each holds `strategies/NAME.yaml`. */
  configDirs?: readonly string[];
  env?: Environment;
  /** Built-in config directory. @default the repository's config/ */
  builtinDir?: string;
}

/** Profile files by name from one `strategies/` directory. */
function scanStrategies(configDir: string): Map<string, string> {
  const dir = path.join(configDir, 'strategies');
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  for (const file of readdirSync(dir).sort()) {
    const match = /^(.+)\.ya?ml$/.exec(file);
    if (match?.[1] !== undefined && PROFILE_NAME_PATTERN.test(match[1])) found.set(match[1], path.join(dir, file));
  }
  return found;
}

/**
 * Strategy profiles by name: the built-in ones in `config/strategies/`, overridden by name by the
 * user config dir (`~/.config/biopipe`), then `BIOPIPELINES_CONFIG_DIR`, then `--config-dir`.
 */
export class ProfileRegistry {
  private readonly entries: Map<string, ProfileEntry>;

  constructor(options: ProfileRegistryOptions = {}) {
    const env = options.env ?? process.env;
    const userDirs = [userConfigDir(env), env['BIOPIPELINES_CONFIG_DIR'], ...(options.configDirs ?? [])].filter(
      (dir): dir is string => dir !== undefined && dir !== '',
    );
    this.entries = new Map();
    for (const [name, file] of scanStrategies(options.builtinDir ?? builtinConfigDir())) {
      this.entries.set(name, { name, file, origin: 'builtin', overridesBuiltin: false });
    }
    for (const dir of userDirs) {
      for (const [name, file] of scanStrategies(dir)) {
        const previous = this.entries.get(name);
        const overridesBuiltin = previous !== undefined && (previous.origin === 'builtin' || previous.overridesBuiltin);
        this.entries.set(name, { name, file, origin: 'user', overridesBuiltin });
      }
    }
  }

  /** Every profile name, sorted. */
  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Where a profile's file is. @throws InvalidProfileNameError, UnknownProfileError */
  entry(name: string): ProfileEntry {
    if (!PROFILE_NAME_PATTERN.test(name)) throw new InvalidProfileNameError(name);
    const entry = this.entries.get(name);
    if (entry === undefined) throw new UnknownProfileError(name, this.names(), findClosestMatch(name, this.names()));
    return entry;
  }

  /**
   * Loads a profile by name. The name is checked against the pattern before any file is touched.
   * @throws InvalidProfileNameError, UnknownProfileError, ConfigValidationError
   */
  load(name: string): StrategyConfig {
    const entry = this.entry(name);
    const config = StrategyConfig.fromYaml(entry.file);
    if (config.name !== name) {
      throw new BiopipeError('config_invalid', `${entry.file}: profile_name is "${config.name}" but the file is named ${name}.yaml.`, {
        hint: `Make profile_name match the file name.`,
      });
    }
    return config;
  }

  /** Every profile, each loaded or with the error that stopped it. */
  list(): ListedProfile[] {
    return this.names().map((name) => {
      const entry = this.entry(name);
      try {
        return { ...entry, config: this.load(name) };
      } catch (error) {
        return { ...entry, error: normalizeError(error) };
      }
    });
  }
}
