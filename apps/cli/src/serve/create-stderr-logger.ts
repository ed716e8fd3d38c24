import type { LogFields, Logger } from '@biopipe/core';

function formatFields(fields: LogFields | undefined): string {
  if (fields === undefined) return '';
  let text = '';
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    text += ` ${name}=${JSON.stringify(value) ?? String(value)}`;
  }
  return text;
}

/**
 * The gateway's log: one line per event on stderr, `biopipe serve: LEVEL message key=value …`.
 * Debug lines only with `debug`. Callers never pass keys, auth headers or prompt text (core's rule).
 */
export function createStderrLogger(options: {
  write: (line: string) => void;
  debug: boolean;
  /** What each line starts with. @default "biopipe serve" */
  prefix?: string;
}): Logger {
  const prefix = options.prefix ?? 'biopipe serve';
  const log =
    (level: string) =>
    (message: string, fields?: LogFields): void =>
      options.write(`${prefix}: ${level} ${message}${formatFields(fields)}`);
  return {
    debug: options.debug ? log('debug') : () => undefined,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
}
