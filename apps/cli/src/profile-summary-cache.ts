import { readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProfileEntry } from '@biopipe/core/profile-files';
import { writeFileAtomic } from '@biopipe/core/write-file-atomic';

/** What `strategy list` shows of one profile. */
export interface ProfileSummary extends ProfileEntry {
  description: string | null;
  allowCloud: boolean | null;
  error: { code: string; message: string } | null;
}

interface CachedSummary {
  mtimeMs: number;
  size: number;
  summary: ProfileSummary;
}

interface CacheFile {
  /** Fingerprint of the validating code: a rebuilt core invalidates every entry. */
  validator: string;
  entries: Record<string, CachedSummary>;
}

/**
 * What identifies the code that validates profiles: core's entry file in the workspace; in the
 * installed bundle, where core has no file of its own, the names of the bundle's chunks, which are
 * hashes of their contents, so any change to the code gives another identity.
 */
function validatingCodeIdentity(): string {
  try {
    const core = fileURLToPath(import.meta.resolve('@biopipe/core'));
    const stat = statSync(core);
    return `${core}:${stat.mtimeMs}:${stat.size}`;
  } catch {
    const bundle = path.dirname(fileURLToPath(import.meta.url));
    return `${bundle}:${readdirSync(bundle).sort().join(',')}`;
  }
}

/**
 * Validated profile summaries keyed by file, size and modification time, so that `biopipe strategy
 * list` answers without loading the schemas (zod and yaml cost most of its start-up) when no profile
 * file and no validating code has changed since the last full validation.
 */
export class ProfileSummaryCache {
  private constructor(
    private readonly file: string,
    private readonly validator: string,
  ) {}

  static open(env: NodeJS.ProcessEnv): ProfileSummaryCache {
    const base = env['XDG_CACHE_HOME'] ?? path.join(env['HOME'] ?? homedir(), '.cache');
    return new ProfileSummaryCache(path.join(base, 'biopipe', 'profile-summaries.json'), validatingCodeIdentity());
  }

  /** Summaries of every entry, or undefined when any is missing or stale. */
  lookup(entries: readonly ProfileEntry[]): ProfileSummary[] | undefined {
    let cache: CacheFile;
    try {
      cache = JSON.parse(readFileSync(this.file, 'utf8')) as CacheFile;
    } catch {
      return undefined;
    }
    if (cache.validator !== this.validator) return undefined;
    const summaries: ProfileSummary[] = [];
    for (const entry of entries) {
      const cached = cache.entries[entry.file];
      if (cached === undefined) return undefined;
      try {
        const stat = statSync(entry.file);
        if (stat.mtimeMs !== cached.mtimeMs || stat.size !== cached.size) return undefined;
      } catch {
        return undefined;
      }
      summaries.push({ ...cached.summary, ...entry });
    }
    return summaries;
  }

  /** Stores fresh summaries; a cache that cannot be written is simply not used. */
  store(summaries: readonly ProfileSummary[]): void {
    try {
      const entries: Record<string, CachedSummary> = {};
      for (const summary of summaries) {
        const stat = statSync(summary.file);
        entries[summary.file] = { mtimeMs: stat.mtimeMs, size: stat.size, summary };
      }
      writeFileAtomic(this.file, JSON.stringify({ validator: this.validator, entries } satisfies CacheFile));
    } catch {
      // Best effort: the next run validates again.
    }
  }
}
