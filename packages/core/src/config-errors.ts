import { BiopipeError } from './errors.js';

/** One problem found in a configuration file, located as precisely as the YAML allows. */
export interface ConfigProblem {
  /** Dotted field path, e.g. `task_routing.orchestration`; empty for the document itself. */
  path: string;
  message: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  hint?: string;
}

/** Formats a problem as `file:line:column: path: message (hint)`. */
export function formatConfigProblem(file: string, problem: ConfigProblem): string {
  const location = problem.line === undefined ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
  const field = problem.path === '' ? '' : `${problem.path}: `;
  const hint = problem.hint === undefined ? '' : `\n  hint: ${problem.hint}`;
  return `${location}: ${field}${problem.message}${hint}`;
}

/** A configuration file was read but is not valid: malformed YAML, unknown keys, bad values, broken invariants. */
export class ConfigValidationError extends BiopipeError {
  readonly file: string;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: readonly ConfigProblem[]) {
    const first = problems[0];
    const more =
      problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super('config_invalid', `${first === undefined ? file : formatConfigProblem(file, first)}${more}`, {
      hint: first?.hint ?? `Fix ${file} and check it with \`biopipe strategy validate ${file}\`.`,
    });
    this.file = file;
    this.problems = problems;
  }

  /** The first problem's field path (handy in tests and logs). */
  get path(): string {
    return this.problems[0]?.path ?? '';
  }
  get line(): number | undefined {
    return this.problems[0]?.line;
  }
  get column(): number | undefined {
    return this.problems[0]?.column;
  }
}

/** A configuration file (or directory) could not be read at all. */
export class ConfigFileUnreadableError extends BiopipeError {
  readonly file: string;
  /** Why, in words (`it is a named pipe (FIFO), not a regular file`). */
  readonly reason: string;
  constructor(file: string, reason: string, cause?: unknown, options: { hint?: string } = {}) {
    super('config_file_unreadable', `Cannot read ${file}: ${reason}`, {
      hint: options.hint ?? 'Check the path and its permissions.',
      cause,
    });
    this.file = file;
    this.reason = reason;
  }
}

/** No profile of that name exists in any profile directory. */
export class UnknownProfileError extends BiopipeError {
  readonly profile: string;
  readonly available: readonly string[];
  constructor(profile: string, available: readonly string[], closest?: string) {
    const suggestion = closest === undefined ? '' : ` Did you mean "${closest}"?`;
    super('unknown_profile', `Unknown strategy profile "${profile}".${suggestion}`, {
      hint: `Available profiles: ${available.join(', ')}. See \`biopipe strategy list\`.`,
    });
    this.profile = profile;
    this.available = available;
  }
}

/** A profile name that could escape the profile directory or is otherwise malformed. */
export class InvalidProfileNameError extends BiopipeError {
  readonly profile: string;
  constructor(profile: string) {
    super('invalid_profile_name', `Invalid strategy profile name ${JSON.stringify(profile)}.`, {
      hint: 'Profile names use lowercase letters, digits, "_" and "-", and start with a letter or digit (pattern ^[a-z0-9][a-z0-9_-]*$).',
    });
    this.profile = profile;
  }
}

/** A task type that biopipe does not know. */
export class UnknownTaskTypeError extends BiopipeError {
  readonly taskType: string;
  readonly available: readonly string[];
  constructor(taskType: string, available: readonly string[], closest?: string) {
    const suggestion = closest === undefined ? '' : ` Did you mean "${closest}"?`;
    super('unknown_task_type', `Unknown task type "${taskType}".${suggestion}`, {
      hint: `Valid task types: ${available.join(', ')}.`,
    });
    this.taskType = taskType;
    this.available = available;
  }
}

/** Wrong command-line usage. */
export class UsageError extends BiopipeError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint === undefined ? {} : { hint });
  }
}
