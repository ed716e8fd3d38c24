import type { EvalItemResult } from './run-eval-items.js';

/** Shows an evaluation's progress on stderr: a bar redrawn in place on a terminal, a line per tenth otherwise. */
export interface EvalProgress {
  update(result: EvalItemResult): void;
  finish(): void;
}

const WIDTH = 24;

export function createEvalProgress(options: {
  total: number;
  alreadyDone: number;
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}): EvalProgress {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const terminal = stream.isTTY === true && env['TERM'] !== 'dumb' && env['CI'] !== 'true';
  let done = options.alreadyDone;
  let correct = 0;
  let errors = 0;
  let lastTenth = Math.floor((done * 10) / Math.max(1, options.total));
  const line = (): string => `${done}/${options.total} answered, ${correct} right, ${errors} errors`;
  return {
    update(result) {
      done += 1;
      if (result.correct) correct += 1;
      if (result.error !== null) errors += 1;
      if (terminal) {
        const filled = Math.round((done / Math.max(1, options.total)) * WIDTH);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${line()}\u001b[K`);
        return;
      }
      const tenth = Math.floor((done * 10) / Math.max(1, options.total));
      if (tenth > lastTenth || done === options.total) stream.write(`eval: ${line()}\n`);
      lastTenth = tenth;
    },
    finish() {
      if (terminal) stream.write('\r\u001b[K');
    },
  };
}
