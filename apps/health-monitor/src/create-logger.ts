import { redactSecrets, type Logger, type LogFields } from '@biopipe/core';
import winston from 'winston';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** `text` for a person at a terminal, `json` for journald, cron mail and log shippers. */
export type LogFormat = 'text' | 'json';

/** `--log-format`, else text on a terminal and JSON otherwise. */
export function chooseLogFormat(requested: LogFormat | undefined, stream: NodeJS.WritableStream): LogFormat {
  return requested ?? ((stream as { isTTY?: boolean }).isTTY === true ? 'text' : 'json');
}

/** `2026-12-06T03:40:00.000Z warn  restarting role=coder job_id="4711"`: the JSON line's fields, readable. */
export function formatTextLine(info: Record<string, unknown>): string {
  const { timestamp, level, message, service: _service, ...fields } = info;
  const rest = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(
      ([name, value]) =>
        ` ${name}=${typeof value === 'string' && /^[\w.:/@-]+$/.test(value) ? value : JSON.stringify(value)}`,
    )
    .join('');
  return `${String(timestamp)} ${String(level).padEnd(5)} ${String(message)}${rest}`;
}

/** A winston logger writing one line per event to stderr: JSON (journald and cron mail keep it as is) or text. */
export function createLogger(
  level: LogLevel,
  stream: NodeJS.WritableStream = process.stderr,
  format: LogFormat = 'json',
): Logger {
  const logger = winston.createLogger({
    level,
    format: winston.format.combine(
      winston.format.timestamp(),
      format === 'json' ? winston.format.json() : winston.format.printf((info) => formatTextLine(info)),
    ),
    defaultMeta: { service: 'health-monitor' },
    transports: [new winston.transports.Stream({ stream })],
  });
  // Fields quote URLs and command output: none may carry a credential into the journal.
  const write = (method: LogLevel) => (message: string, fields?: LogFields) => {
    const redacted =
      fields === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(fields).map(([name, value]) => [
              name,
              typeof value === 'string' ? redactSecrets(value) : value,
            ]),
          );
    logger.log(method, redactSecrets(message), redacted);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
