import { z } from 'zod';
import { ConfigValidationError } from './config-errors.js';
import { userSettingsPath } from './default-strategy-name.js';
import type { Environment } from './paths.js';
import { readConfigFile } from './read-config-file.js';
import { writeFileAtomic } from './write-file-atomic.js';

const userSettingsSchema = z.object({
  /** Set by `biopipe strategy use NAME`. */
  default_strategy: z.string().optional(),
});
export type UserSettings = z.infer<typeof userSettingsSchema>;

export { userSettingsPath };

/** The user's settings; empty when the file does not exist. @throws ConfigValidationError when it is corrupt, ConfigFileUnreadableError when it cannot be read */
export function readUserSettings(env: Environment = process.env): UserSettings {
  const file = userSettingsPath(env);
  let text: string;
  try {
    text = readConfigFile(file, 'user settings file');
  } catch (error) {
    // No settings yet is normal; a settings path that is a FIFO, a directory or unreadable is not.
    if (((error as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return {};
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigValidationError(file, [
      {
        path: '',
        message: `not valid JSON: ${(error as Error).message}`,
        hint: `Delete ${file} or run \`biopipe strategy use NAME\` again.`,
      },
    ]);
  }
  const result = userSettingsSchema.safeParse(value);
  if (!result.success) {
    throw new ConfigValidationError(
      file,
      result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return result.data;
}

/** Writes the user's settings atomically (temp file + rename). */
export function writeUserSettings(settings: UserSettings, env: Environment = process.env): string {
  const file = userSettingsPath(env);
  writeFileAtomic(file, `${JSON.stringify(settings, null, 2)}\n`);
  return file;
}
