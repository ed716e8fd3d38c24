import { ConfigFileUnreadableError, InvalidProfileNameError, UnknownProfileError } from './config-errors.js';
import { findClosestMatch } from './closest-match.js';
import { BiopipeError, normalizeError } from './errors.js';
import {
  PROFILE_NAME_PATTERN,
  scanProfileFiles,
  type ProfileEntry,
  type ProfileFilesOptions,
  type SkippedProfileFile,
} from './profile-files.js';
import { StrategyConfig } from './strategy-config.js';

/** A listed profile: loaded, or the error that stopped it loading (one bad file never hides the rest). */
export type ListedProfile = ProfileEntry &
  ({ config: StrategyConfig; error?: undefined } | { config?: undefined; error: BiopipeError });

export type ProfileRegistryOptions = ProfileFilesOptions;

/**
 * Strategy profiles by name: the built-in ones in `config/strategies/`, overridden by name by the
 * user config dir (`~/.config/biopipe`), then `BIOPIPELINES_CONFIG_DIR`, then `--config-dir`.
 */
export class ProfileRegistry {
  private readonly entries: Map<string, ProfileEntry>;
  private readonly skippedFiles: readonly SkippedProfileFile[];

  /** @throws ConfigFileUnreadableError when a profile directory cannot be read */
  constructor(options: ProfileRegistryOptions = {}) {
    const scanned = scanProfileFiles(options);
    this.entries = scanned.entries;
    this.skippedFiles = scanned.skipped;
  }

  /** Entries named like profiles that are not regular files (FIFOs, directories, broken links): listings warn about them. */
  skipped(): readonly SkippedProfileFile[] {
    return this.skippedFiles;
  }

  /** Every profile name, sorted. */
  names(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Where a profile's file is. @throws InvalidProfileNameError, UnknownProfileError */
  entry(name: string): ProfileEntry {
    if (!PROFILE_NAME_PATTERN.test(name)) throw new InvalidProfileNameError(name);
    const entry = this.entries.get(name);
    const skipped = this.skippedFiles.findLast((candidate) => candidate.name === name);
    if (entry === undefined && skipped !== undefined) {
      throw new ConfigFileUnreadableError(skipped.file, skipped.reason, undefined, {
        hint: 'A strategy profile must be a regular YAML file; remove or replace this entry.',
      });
    }
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
      throw new BiopipeError(
        'config_invalid',
        `${entry.file}: profile_name is "${config.name}" but the file is named ${name}.yaml.`,
        {
          hint: `Make profile_name match the file name.`,
        },
      );
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
