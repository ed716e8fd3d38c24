import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { StrategyConfig, builtinConfigDir, readConfigFile, userConfigDir, type Environment } from '@biopipe/core';

/**
 * Writes a change into a user profile: the active profile's own file when it is a user profile
 * (comments kept), else a copy in the user config dir, which then overrides the built-in one by
 * name. The result is validated before it replaces anything; the write is atomic.
 * @param validate checks the edited text; the default loads it as a profile
 * @returns the file written
 */
export function writeUserProfile(options: {
  config: StrategyConfig;
  env: Environment;
  edit: (document: Document) => void;
  validate?: (text: string, file: string) => void;
}): string {
  const { config } = options;
  const builtin = path.resolve(config.source).startsWith(path.resolve(builtinConfigDir()));
  const target = builtin ? path.join(userConfigDir(options.env), 'strategies', `${config.name}.yaml`) : config.source;
  const document = parseDocument(readConfigFile(config.source, 'strategy profile'));
  options.edit(document);
  const text = document.toString();
  (options.validate ?? ((edited, file) => StrategyConfig.fromString(edited, file)))(text, target);
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, target);
  return target;
}
