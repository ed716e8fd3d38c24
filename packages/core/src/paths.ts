import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAncestorDirectory } from './find-ancestor-directory.js';

/** Environment variables biopipe reads (DESIGN.md, "Interfaces users rely on"). */
export type Environment = Readonly<Record<string, string | undefined>>;

let cachedConfigDir: string | undefined;

/**
 * The built-in `config/` directory (profiles, fleet, templates, complexity): the nearest one above this
 * module, which is the repository's from `packages/core/` and the package's own in the installed bundle.
 */
export function builtinConfigDir(): string {
  if (cachedConfigDir !== undefined) return cachedConfigDir;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = findAncestorDirectory(here, path.join('config', 'strategies'));
  if (root === undefined)
    throw new Error(
      `biopipe's built-in config directory (config/strategies) is missing above ${here}; reinstall biopipe.`,
    );
  cachedConfigDir = path.join(root, 'config') + path.sep;
  return cachedConfigDir;
}

/** The user's config directory: `$XDG_CONFIG_HOME/biopipe` or `~/.config/biopipe`. */
export function userConfigDir(env: Environment = process.env): string {
  const base = env['XDG_CONFIG_HOME'] ?? path.join(env['HOME'] ?? homedir(), '.config');
  return path.join(base, 'biopipe');
}

/** Where biopipe keeps state: `BIOPIPELINES_STATE_DIR`, else `$XDG_STATE_HOME/biopipe`, else `~/.local/state/biopipe`. */
export function stateDir(env: Environment = process.env): string {
  const explicit = env['BIOPIPELINES_STATE_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit;
  const base = env['XDG_STATE_HOME'] ?? path.join(env['HOME'] ?? homedir(), '.local', 'state');
  return path.join(base, 'biopipe');
}

/** The endpoint registry directory (one `ROLE.JOBID.json` file per job): the profile's setting, else `<state dir>/endpoints`. */
export function endpointRegistryPath(configured: string | undefined, env: Environment = process.env): string {
  return configured ?? path.join(stateDir(env), 'endpoints');
}
