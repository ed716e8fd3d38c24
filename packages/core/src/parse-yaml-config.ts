import { isCollection, isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { findClosestMatch } from './closest-match.js';
import { ConfigValidationError, type ConfigProblem } from './config-errors.js';
import { describeYamlSyntaxErrors } from './yaml-syntax-problems.js';
import { correctKeyTypos, findMap, findValue, type KeyTypo } from './correct-key-typos.js';

type PathSegment = string | number;

function formatPath(path: readonly PathSegment[]): string {
  return path.map(String).join('.');
}

/** The YAML node at `path`, descending through maps and sequences as far as the document goes. */
function findNode(document: Document, path: readonly PathSegment[]): Node | undefined {
  let node: unknown = document.contents;
  let found = node as Node | undefined;
  for (const segment of path) {
    const next = (node as { get?: (key: unknown, keepScalar: boolean) => unknown } | null)?.get?.(segment, true);
    if (next === undefined || next === null) break;
    node = next;
    found = next as Node;
  }
  return found;
}

/** The key node of `key` inside the map at `path` (used for unknown keys, which have no schema path). */
function findKeyNode(document: Document, path: readonly PathSegment[], key: string): Node | undefined {
  const parent = path.length === 0 ? document.contents : findNode(document, path);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
  }
  return undefined;
}

function locate(lineCounter: LineCounter, node: Node | undefined): { line?: number; column?: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}

type ZodDef = Record<string, unknown> & { type?: string };

function defOf(schema: unknown): ZodDef | undefined {
  return (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def;
}

/** Peels defaults, optionals, pipes and unions down to the object or record underneath. */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let depth = 0; depth < 8; depth += 1) {
    const def = defOf(current);
    if (def === undefined || def.type === 'object' || def.type === 'record') return current;
    if (def.type === 'union') {
      const options = def['options'] as unknown[];
      current = options.find((option) => defOf(option)?.type === 'object') ?? options[0];
    } else {
      current = def['innerType'] ?? def['in'];
    }
  }
  return current;
}

/** Valid keys of the object schema reached by `path`, for the "did you mean" hint. */
function knownKeysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let current = unwrap(schema);
  for (const segment of path) {
    const def = defOf(current);
    if (def?.type === 'record') current = unwrap(def['valueType']);
    else if (def?.type === 'object' && typeof segment === 'string')
      current = unwrap((def['shape'] as Record<string, unknown>)[segment]);
    else return [];
  }
  const def = defOf(current);
  return def?.type === 'object' ? Object.keys(def['shape'] as Record<string, unknown>) : [];
}

type Issue = z.core.$ZodIssue;

/**
 * A union whose value matched the type of exactly one option (a map where a role or a split may go)
 * is reported by that option's own issues, not as "Invalid input".
 */
function expandUnions(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    if (issue.code !== 'invalid_union') return [issue];
    const typed = issue.errors.filter(
      (branch) => !(branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0),
    );
    const [only] = typed;
    if (typed.length !== 1 || only === undefined) return [issue];
    return expandUnions(only.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

/**
 * For a value outside an enum (`sticky: sesion`), the allowed value it is close enough to be a typo
 * of, the way an unknown key gets the closest valid key.
 */
function suggestAllowedValue(issue: Issue, actual: unknown): string | undefined {
  if (issue.code !== 'invalid_value' || typeof actual !== 'string') return undefined;
  const allowed = issue.values.filter((candidate): candidate is string => typeof candidate === 'string');
  const closest = findClosestMatch(actual, allowed);
  return closest === undefined ? undefined : `Did you mean "${closest}"?`;
}

/**
 * Parses YAML text and validates it against a zod schema. Every problem comes back located: the file,
 * the 1-based line and column, the field path, and for an unknown key or an enum value the closest valid one.
 * @throws ConfigValidationError listing every problem found.
 */
export function parseYamlConfig<Schema extends z.ZodType>(
  text: string,
  file: string,
  schema: Schema,
): z.output<Schema> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigValidationError(file, describeYamlSyntaxErrors(document.errors, text));
  }
  let value: unknown;
  try {
    value = document.toJS() ?? {};
  } catch (error) {
    // yaml refuses to expand aliases past maxAliasCount ("billion laughs"): a hostile or broken
    // file, not a bug, so it is reported like any other problem in the file.
    throw new ConfigValidationError(file, [
      {
        path: '',
        message: `YAML cannot be expanded: ${(error as Error).message}`,
        hint: 'Aliases (*name) may be used at most 100 times in a configuration file; write the values out instead.',
      },
    ]);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;

  const problems: ConfigProblem[] = [];
  const unknownKeys = new Set<ConfigProblem>();
  const typos: KeyTypo[] = [];
  for (const issue of expandUnions(result.error.issues)) {
    const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        const closest = findClosestMatch(key, known);
        if (closest !== undefined && !(closest in (findMap(value, path) ?? {})))
          typos.push({ path, key, meant: closest });
        const problem: ConfigProblem = {
          path: formatPath([...path, key]),
          message: `unknown key "${key}"`,
          ...locate(lineCounter, findKeyNode(document, path, key)),
          hint: closest === undefined ? `Valid keys here: ${known.join(', ')}.` : `Did you mean "${closest}"?`,
        };
        problems.push(problem);
        unknownKeys.add(problem);
      }
      continue;
    }
    const params = (issue as { params?: { hint?: string; at?: 'key' | 'value' } }).params;
    // A scalar is located at its value; a map or list (or a bad key) at its key, where the reader's eye goes.
    const node = findNode(document, path);
    const last = path[path.length - 1];
    const wantKey = params?.at === 'key' || isCollection(node);
    const keyNode = wantKey && typeof last === 'string' ? findKeyNode(document, path.slice(0, -1), last) : undefined;
    const hint = params?.hint ?? suggestAllowedValue(issue, findValue(value, path));
    problems.push({
      path: formatPath(path),
      message: issue.message,
      ...locate(lineCounter, keyNode ?? node),
      ...(hint === undefined ? {} : { hint }),
    });
  }
  // Report the root cause once: a problem that goes away once the typos are read as meant only follows from them.
  const corrected = typos.length === 0 ? undefined : schema.safeParse(correctKeyTypos(value, typos));
  const remaining =
    corrected === undefined
      ? undefined
      : new Set(
          (corrected.error?.issues ?? []).map(
            (issue) =>
              `${formatPath(issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol'))}\0${issue.message}`,
          ),
        );
  const reported =
    remaining === undefined
      ? problems
      : problems.filter((problem) => unknownKeys.has(problem) || remaining.has(`${problem.path}\0${problem.message}`));
  reported.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  throw new ConfigValidationError(file, reported);
}
