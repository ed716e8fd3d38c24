import { redactSecrets } from '@biopipe/core/errors';
import { roundJsonNumber } from './json-values.js';

/** How the CLI writes: colours and tables on a terminal, plain text when piped, JSON on request. */
export interface Output {
  /** Standard output (answers, tables, JSON). */
  out(text: string): void;
  /** Standard error (route details, progress, errors). */
  err(text: string): void;
  /** Colour is on: stdout is a terminal and `NO_COLOR` is unset. */
  readonly color: boolean;
  readonly json: boolean;
}

export function createOutput(options: {
  json: boolean;
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}): Output {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
  return {
    out: (text) => stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    // Standard error carries route details, logs and errors, never an answer: nothing there may show a
    // credential, whatever path it came by (a URL's userinfo in a detector reason, a key in a message).
    err: (text) => stderr.write(redactSecrets(text.endsWith('\n') ? text : `${text}\n`)),
    color: stdout.isTTY === true && !noColor && env['TERM'] !== 'dumb',
    json: options.json,
  };
}

/**
 * The same output with every stdout line redacted, for reports that show configuration (endpoint URLs
 * with `user:password@`, reasons quoting them). Never for answers: redaction would alter the model's text.
 */
export function redactingOutput(output: Output): Output {
  return {
    out: (text) => output.out(redactSecrets(text)),
    err: (text) => output.err(text),
    color: output.color,
    json: output.json,
  };
}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;
export type Style = keyof typeof CODES;

/** Wraps text in an ANSI style when colour is on. */
export function paint(output: Pick<Output, 'color'>, style: Style, text: string): string {
  if (!output.color) return text;
  const [open, close] = CODES[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Aligns rows into columns (ANSI colour codes do not count toward width). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (text: string): number => text.replace(ANSI, '').length;
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - width(cell)),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Stable JSON for scripts: two-space indent, numbers rounded to what they mean, trailing newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, roundJsonNumber, 2)}\n`;
}
