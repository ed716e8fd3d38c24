import { findClosestMatch } from './closest-match.js';
import { ConfigValidationError, type ConfigProblem } from './config-errors.js';
import { EVAL_GRADERS, defaultGrader, evalItemSchema, type EvalItem } from './eval-suite-schema.js';
import { readConfigFile } from './read-config-file.js';

/**
 * Largest suite read. Suites are bigger than configuration files (a few thousand questions with
 * their choices run to several MiB), but one is read whole into memory, so a cap keeps a wrong path
 * (a genome, a log) from filling it.
 */
export const MAX_EVAL_SUITE_BYTES = 64 * 1024 * 1024;

/** A loaded suite: its file and its items in file order. */
export interface EvalSuite {
  file: string;
  items: EvalItem[];
}

const FORMAT_HINT = 'Suite lines look like {"id": "q1", "task_type": "biomedical", "prompt": "…", "expected": "B"}.';

function describeIssue(
  issue: { code: string; path: PropertyKey[]; message: string; keys?: string[]; values?: unknown[] },
  raw: unknown,
): ConfigProblem {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
    const key = issue.keys[0] ?? '';
    const closest = findClosestMatch(key, Object.keys(evalItemSchema.shape));
    return {
      path: key,
      message: 'unknown key',
      hint: closest === undefined ? undefined : `Did you mean "${closest}"?`,
    };
  }
  if (path === 'grader') {
    const given = String((raw as { grader?: unknown }).grader);
    const closest = findClosestMatch(given, EVAL_GRADERS);
    return {
      path,
      message: `unknown grader "${given}"`,
      hint: `Graders: ${EVAL_GRADERS.join(', ')}.${closest === undefined ? '' : ` Did you mean "${closest}"?`}`,
    };
  }
  const key = issue.path[0];
  if (issue.path.length === 1 && typeof key === 'string' && !Object.hasOwn(raw as object, key))
    return { path, message: 'missing', hint: 'Every item needs id, task_type, prompt or messages, and expected.' };
  return { path, message: issue.message, hint: FORMAT_HINT };
}

/**
 * Parses suite text (JSONL: one item per line; blank lines and lines starting with `#` are skipped).
 * Every problem is reported with its line: malformed JSON, a missing field, an unknown grader or key,
 * a duplicate id. @throws ConfigValidationError
 */
export function parseEvalSuite(text: string, file: string): EvalSuite {
  const problems: ConfigProblem[] = [];
  const items: EvalItem[] = [];
  const firstLineOf = new Map<string, number>();
  const lines = text.split('\n');
  for (const [index, rawLine] of lines.entries()) {
    const line = index + 1;
    const source = rawLine.trim();
    if (source === '' || source.startsWith('#')) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(source);
    } catch (error) {
      problems.push({
        path: '',
        line,
        message: `not valid JSON (${(error as Error).message})`,
        hint: 'Each line is one JSON object.',
      });
      continue;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({
        path: '',
        line,
        message: 'not a JSON object',
        hint: 'Each line is one JSON object: {"id": …, "task_type": …, "prompt": …, "expected": …}.',
      });
      continue;
    }
    const result = evalItemSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push({ ...describeIssue(issue as Parameters<typeof describeIssue>[0], raw), line });
      continue;
    }
    const first = firstLineOf.get(result.data.id);
    if (first !== undefined) {
      problems.push({
        path: 'id',
        line,
        message: `duplicate id "${result.data.id}" (first on line ${first})`,
        hint: 'Ids are unique within a suite.',
      });
      continue;
    }
    firstLineOf.set(result.data.id, line);
    items.push({ ...result.data, grader: defaultGrader(result.data), category: result.data.category ?? 'all', line });
  }
  if (problems.length === 0 && items.length === 0)
    problems.push({ path: '', message: 'the suite has no items', hint: 'Write one JSON object per line.' });
  if (problems.length > 0) throw new ConfigValidationError(file, problems);
  return { file, items };
}

/** Reads and parses a suite file (a regular file of at most 64 MiB). @throws ConfigFileUnreadableError, ConfigValidationError */
export function loadEvalSuite(file: string): EvalSuite {
  return parseEvalSuite(readConfigFile(file, 'eval suite', MAX_EVAL_SUITE_BYTES), file);
}
