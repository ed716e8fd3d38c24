import type { YAMLError } from 'yaml';
import type { ConfigProblem } from './config-errors.js';

const HINT = 'Check indentation, quoting and that each key appears once.';

/** Where the first line after `line` that holds more than blanks or a comment starts (1-based). */
function nextContentLine(text: string, line: number): { line: number; column: number } | undefined {
  const lines = text.split('\n');
  for (let index = line; index < lines.length; index += 1) {
    const content = lines[index] ?? '';
    const trimmed = content.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return { line: index + 1, column: content.search(/\S/) + 1 };
  }
  return undefined;
}

/**
 * The YAML parser's errors as problems, one per position: a single mis-indented line makes the parser
 * report `BLOCK_AS_IMPLICIT_KEY` and `MULTILINE_IMPLICIT_KEY` at the same place, and only the first says
 * anything the reader can act on. That case is also reworded and moved to the line that is wrong: the
 * parser points at the end of the value above it.
 */
export function describeYamlSyntaxErrors(errors: readonly YAMLError[], text: string): ConfigProblem[] {
  const positionOf = (error: YAMLError): string => `${error.linePos?.[0]?.line}:${error.linePos?.[0]?.col}`;
  // A value whose next line is indented deeper: the parser reads both lines as one key.
  const multiline = new Set(errors.filter((error) => error.code === 'MULTILINE_IMPLICIT_KEY').map(positionOf));
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const error of errors) {
    const line = error.linePos?.[0]?.line;
    const column = error.linePos?.[0]?.col;
    const position = positionOf(error);
    if (seen.has(position)) continue;
    seen.add(position);
    const indented =
      error.code === 'BLOCK_AS_IMPLICIT_KEY' && multiline.has(position) && line !== undefined
        ? nextContentLine(text, line)
        : undefined;
    if (indented !== undefined) {
      problems.push({
        path: '',
        message: `malformed YAML: this line is indented deeper than the key on line ${line}, which already has a value`,
        ...indented,
        hint: `Indent it to the same column as the keys beside it, or, if it belongs under line ${line}'s key, remove the value written after that key.`,
      });
      continue;
    }
    problems.push({
      path: '',
      message: `malformed YAML: ${(error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '')}`,
      line,
      column,
      hint: HINT,
    });
  }
  return problems;
}
