import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { ConfigFileUnreadableError } from './config-errors.js';
import { builtinConfigDir, userConfigDir, type Environment } from './paths.js';
import { describeFileError, describeFileKind } from './read-config-file.js';

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

/** A directory entry named like a profile that is not a regular file (a FIFO would hang every read). */
export interface SkippedProfileFile {
  name: string;
  file: string;
  /** Why it was skipped, e.g. "it is a named pipe (FIFO), not a regular file". */
  reason: string;
}

/** Why a `NAME.yaml` entry is not a profile, or undefined when it is a regular file (or a symlink to one). */
function whyNotRegular(dir: string, entry: Dirent): string | undefined {
  if (entry.isFile()) return undefined;
  const link = entry.isSymbolicLink() ? 'links to' : 'is';
  try {
    const target = statSync(path.join(dir, entry.name));
    return target.isFile() ? undefined : `it ${link} ${describeFileKind(target)}, not a regular file`;
  } catch (error) {
    return `${entry.isSymbolicLink() ? 'a broken symbolic link' : 'cannot be examined'}: ${describeFileError(error)}`;
  }
}

/** The kinds of named YAML files a config directory holds, one subdirectory each. */
export type ConfigFileKind = 'strategies' | 'templates';

/**
 * Files by name from one `strategies/` or `templates/` directory. A missing directory holds none; one
 * that cannot be read (a file in its place, no permission, a symlink loop) is a configuration error.
 * @throws ConfigFileUnreadableError
 */
function scanDirectory(configDir: string, kind: ConfigFileKind, skipped: SkippedProfileFile[]): Map<string, string> {
  const dir = path.join(configDir, kind);
  const found = new Map<string, string>();
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw new ConfigFileUnreadableError(dir, describeFileError(error), error, {
      hint: `A config directory holds ${kind}/NAME.yaml; check ${configDir} (--config-dir, BIOPIPELINES_CONFIG_DIR or ~/.config/biopipe) and its permissions.`,
    });
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const match = /^(.+)\.ya?ml$/.exec(entry.name);
    if (match?.[1] === undefined || !PROFILE_NAME_PATTERN.test(match[1])) continue;
    const file = path.join(dir, entry.name);
    const reason = whyNotRegular(dir, entry);
    if (reason === undefined) found.set(match[1], file);
    else skipped.push({ name: match[1], file, reason });
  }
  return found;
}

/**
 * Every profile file by name: the built-in ones in `config/strategies/`, overridden by name by the
 * user config dir (`~/.config/biopipe`), then `BIOPIPELINES_CONFIG_DIR`, then each `--config-dir`.
 */
export function findProfileFiles(options: ProfileFilesOptions = {}): Map<string, ProfileEntry> {
  return scanProfileFiles(options).entries;
}

/** The profile files by name (as `findProfileFiles`), and the profile-named entries skipped as not regular files. */
export function scanProfileFiles(options: ProfileFilesOptions = {}): {
  entries: Map<string, ProfileEntry>;
  skipped: SkippedProfileFile[];
} {
  return scanConfigFiles('strategies', options);
}

/** Every file of a kind by name, built-in first, then each user directory overriding by name (as profiles). */
export function findConfigFiles(kind: ConfigFileKind, options: ProfileFilesOptions = {}): Map<string, ProfileEntry> {
  return scanConfigFiles(kind, options).entries;
}

function scanConfigFiles(
  kind: ConfigFileKind,
  options: ProfileFilesOptions,
): { entries: Map<string, ProfileEntry>; skipped: SkippedProfileFile[] } {
  const skipped: SkippedProfileFile[] = [];
  const env = options.env ?? process.env;
  const userDirs = [userConfigDir(env), env['BIOPIPELINES_CONFIG_DIR'], ...(options.configDirs ?? [])].filter(
    (dir): dir is string => dir !== undefined && dir !== '',
  );
  const entries = new Map<string, ProfileEntry>();
  for (const [name, file] of scanDirectory(options.builtinDir ?? builtinConfigDir(), kind, skipped)) {
    entries.set(name, { name, file, origin: 'builtin', overridesBuiltin: false });
  }
  for (const dir of userDirs) {
    for (const [name, file] of scanDirectory(dir, kind, skipped)) {
      const previous = entries.get(name);
      const overridesBuiltin = previous !== undefined && (previous.origin === 'builtin' || previous.overridesBuiltin);
      entries.set(name, { name, file, origin: 'user', overridesBuiltin });
    }
  }
  return { entries: new Map([...entries].sort(([a], [b]) => a.localeCompare(b))), skipped };
}
