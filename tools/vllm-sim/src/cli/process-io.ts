import type { ProcessIo } from './run-simulator-process.js';

/** The real process's arguments, environment, output and signals. */
export function processIo(): ProcessIo {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    error: (line) => process.stderr.write(`${line}\n`),
    onSignal: (handler) => {
      let received = false;
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.on(signal, () => {
          // A second signal means "now": leave without waiting for a clean stop.
          if (received) process.exit(signal === 'SIGINT' ? 130 : 143);
          received = true;
          handler(signal);
        });
      }
    },
  };
}
