import { createHash } from 'node:crypto';
import type { AbSplitSettings } from '@biopipe/core';

/** Which arm of an A/B split a request got, and what it was keyed by. Recorded; never the prompt. */
export interface VariantAssignment {
  /** The task type whose split decided (`*` for the default entry's). */
  experiment: string;
  arm: string;
  /** What the hash was keyed by: the session, or the request id (sticky request, or no session given). */
  unit: 'session' | 'request';
}

/**
 * A point in [0, 100) from a SHA-256 of the experiment and the key: the same key always gets the
 * same point on every process and every version of Node (no process-seeded hash), and keys spread
 * evenly, so an arm's share of many sessions approaches its percentage.
 */
export function hashToPercent(experiment: string, key: string): number {
  const digest = createHash('sha256').update(`${experiment}\u0000${key}`).digest();
  return (digest.readUInt32BE(0) / 0x1_0000_0000) * 100;
}

/**
 * The arm of a split for one request: arms take consecutive ranges of [0, 100) in the order the
 * profile lists them, so changing one arm's share moves only the keys at the boundary.
 */
export function assignVariant(options: {
  experiment: string;
  settings: AbSplitSettings;
  session: string | undefined;
  requestId: string;
}): VariantAssignment {
  const useSession = options.settings.sticky === 'session' && options.session !== undefined && options.session !== '';
  const unit = useSession ? 'session' : 'request';
  const point = hashToPercent(options.experiment, useSession ? (options.session ?? '') : options.requestId);
  const arms = Object.entries(options.settings.split);
  let upper = 0;
  for (const [arm, share] of arms) {
    upper += share;
    if (point < upper) return { experiment: options.experiment, arm, unit };
  }
  // Shares sum to 100 (checked at load); this is only reached through floating-point rounding at the top.
  return { experiment: options.experiment, arm: arms[arms.length - 1]?.[0] ?? '', unit };
}
