import { BiopipeError, normalizeError } from './errors.js';
import { findClosestMatch } from './closest-match.js';
import { contextTemplateSchema, type ContextTemplate } from './context-template-schema.js';
import { parseYamlConfig } from './parse-yaml-config.js';
import { PROFILE_NAME_PATTERN, findConfigFiles, type ProfileEntry, type ProfileFilesOptions } from './profile-files.js';
import { readConfigFile } from './strategy-config.js';

/** A listed template: loaded, or the error that stopped it loading. */
export type ListedTemplate = ProfileEntry &
  ({ template: ContextTemplate; error?: undefined } | { template?: undefined; error: BiopipeError });

/**
 * Reads and validates one template file.
 * @throws ConfigFileUnreadableError, ConfigValidationError (file, line, field)
 */
export function loadContextTemplate(file: string): ContextTemplate {
  return parseYamlConfig(readConfigFile(file, 'context template'), file, contextTemplateSchema);
}

/**
 * Context templates by name: the built-in ones in `config/templates/`, overridden by name by the
 * user config directories, exactly as strategy profiles are. Each file is read once.
 */
export class TemplateRegistry {
  private readonly entries: Map<string, ProfileEntry>;
  private readonly loaded = new Map<string, ContextTemplate>();

  constructor(options: ProfileFilesOptions = {}) {
    this.entries = findConfigFiles('templates', options);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  /** @throws BiopipeError (config_invalid) naming the known templates */
  entry(name: string): ProfileEntry {
    const entry = PROFILE_NAME_PATTERN.test(name) ? this.entries.get(name) : undefined;
    if (entry !== undefined) return entry;
    const closest = findClosestMatch(name, this.names());
    throw new BiopipeError(
      'config_invalid',
      `Unknown context template ${JSON.stringify(name)}.${closest === undefined ? '' : ` Did you mean "${closest}"?`}`,
      { hint: `Templates: ${this.names().join(', ') || 'none'}. See \`biopipe templates list\`.` },
    );
  }

  /** @throws BiopipeError (unknown name, or template_name differing from the file name), ConfigValidationError */
  load(name: string): ContextTemplate {
    const cached = this.loaded.get(name);
    if (cached !== undefined) return cached;
    const entry = this.entry(name);
    const template = loadContextTemplate(entry.file);
    if (template.template_name !== name)
      throw new BiopipeError(
        'config_invalid',
        `${entry.file}: template_name is "${template.template_name}" but the file is named ${name}.yaml.`,
        { hint: 'Make template_name match the file name.' },
      );
    this.loaded.set(name, template);
    return template;
  }

  list(): ListedTemplate[] {
    return this.names().map((name) => {
      const entry = this.entry(name);
      try {
        return { ...entry, template: this.load(name) };
      } catch (error) {
        return { ...entry, error: normalizeError(error) };
      }
    });
  }
}
