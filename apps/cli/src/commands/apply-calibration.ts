import type { Environment, StrategyConfig } from '@biopipe/core';
import { writeUserProfile } from './write-user-profile.js';

/**
 * Writes calibrated thresholds into a user profile (the active one's file, or a copy of a built-in
 * one; see writeUserProfile).
 * @returns the file written
 */
export function applyCalibration(options: {
  config: StrategyConfig;
  thresholds: ReadonlyMap<string, number>;
  env: Environment;
}): string {
  return writeUserProfile({
    config: options.config,
    env: options.env,
    edit: (document) => {
      for (const [task, threshold] of options.thresholds) {
        document.setIn(['complexity_routing', 'tasks', task, 'threshold'], threshold);
        document.deleteIn(['complexity_routing', 'tasks', task, 'target_strong_share']);
      }
    },
  });
}
