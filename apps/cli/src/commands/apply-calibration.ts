import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { StrategyConfig, builtinConfigDir, readConfigFile, userConfigDir, type Environment } from '@biopipe/core';

/**
 * Writes calibrated thresholds into a user profile: the active profile's own file when it is a user
 * profile (comments kept), else a copy in the user config dir, which then overrides the built-in
 * one by name. The result is validated before it replaces anything; the write is atomic.
 * @returns the file written
 */
export function applyCalibration(options: {
  config: StrategyConfig;
  thresholds: ReadonlyMap<string, number>;
  env: Environment;
}): string {
  const { config } = options;
  const builtin = path.resolve(config.source).startsWith(path.resolve(builtinConfigDir()));
  const target = builtin ? path.join(userConfigDir(options.env), 'strategies', `${config.name}.yaml`) : config.source;
  const document = parseDocument(readConfigFile(config.source));
  for (const [task, threshold] of options.thresholds) {
    document.setIn(['complexity_routing', 'tasks', task, 'threshold'], threshold);
    document.deleteIn(['complexity_routing', 'tasks', task, 'target_strong_share']);
  }
  const text = document.toString();
  StrategyConfig.fromString(text, target);
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, target);
  return target;
}
