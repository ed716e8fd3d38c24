import { redactSecrets, type Logger, type LogFields } from '@biopipe/core';
import winston from 'winston';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A winston logger writing one JSON object a line to stderr (journald and cron mail keep it as is). */
export function createLogger(level: LogLevel, stream: NodeJS.WritableStream = process.stderr): Logger {
  const logger = winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
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
