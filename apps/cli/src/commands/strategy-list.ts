import { findNamedStrategy, scanProfileFiles } from '@biopipe/core/profile-files';
import { formatJson, formatTable, paint, type Output } from '../output.js';
import { ProfileSummaryCache, type ProfileSummary } from '../profile-summary-cache.js';

/** Validates every profile (loading the schemas) and summarises each. */
async function summarize(configDirs: readonly string[], env: NodeJS.ProcessEnv): Promise<ProfileSummary[]> {
  const { ProfileRegistry } = await import('@biopipe/core');
  return new ProfileRegistry({ configDirs, env }).list().map((profile) => ({
    name: profile.name,
    file: profile.file,
    origin: profile.origin,
    overridesBuiltin: profile.overridesBuiltin,
    description: profile.config?.description ?? null,
    allowCloud: profile.config?.allowCloud ?? null,
    error: profile.error === undefined ? null : { code: profile.error.code, message: profile.error.message },
  }));
}

/**
 * `biopipe strategy list`: name, whether the cloud is allowed, origin, description; the strategy that
 * `--strategy`, `BIOPIPELINES_STRATEGY` or `strategy use` names is marked `*` (as `kubectl config
 * get-contexts` marks the current context). Exit 2 when a profile is invalid.
 */
export async function listStrategies(
  output: Output,
  options: { configDirs: readonly string[]; env: NodeJS.ProcessEnv; explicit?: string | undefined },
): Promise<number> {
  const named = findNamedStrategy({ explicit: options.explicit, env: options.env });
  const scanned = scanProfileFiles({ configDirs: options.configDirs, env: options.env });
  for (const skipped of scanned.skipped)
    output.err(`warning: skipped ${skipped.file}: ${skipped.reason} (a strategy profile must be a regular YAML file)`);
  const entries = [...scanned.entries.values()];
  const cache = ProfileSummaryCache.open(options.env);
  let profiles = cache.lookup(entries);
  if (profiles === undefined) {
    profiles = await summarize(options.configDirs, options.env);
    cache.store(profiles);
  }
  const exitCode = profiles.some((profile) => profile.error !== null) ? 2 : 0;
  if (output.json) {
    output.out(
      formatJson(
        profiles.map((profile) => ({
          name: profile.name,
          default: profile.name === named,
          description: profile.description,
          allow_cloud: profile.allowCloud,
          origin: profile.origin,
          overrides_builtin: profile.overridesBuiltin,
          file: profile.file,
          error: profile.error,
        })),
      ),
    );
    return exitCode;
  }
  const rows = profiles.map((profile) => [
    profile.name === named ? '*' : '',
    paint(output, 'bold', profile.name),
    profile.allowCloud === null
      ? paint(output, 'red', 'invalid')
      : profile.allowCloud
        ? 'yes'
        : paint(output, 'green', 'no (PHI-safe)'),
    profile.origin === 'user' ? (profile.overridesBuiltin ? 'user (overrides built-in)' : 'user') : 'built-in',
    profile.description ?? profile.error?.message.split('\n')[0] ?? '',
  ]);
  output.out(formatTable(['DEFAULT', 'NAME', 'CLOUD', 'ORIGIN', 'DESCRIPTION'], rows));
  return exitCode;
}
