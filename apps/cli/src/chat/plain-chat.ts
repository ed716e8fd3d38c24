import { createInterface } from 'node:readline';
import type { Output } from '../output.js';
import { describeRoute, type ChatSession } from './chat-session.js';

/**
 * The chat without a terminal UI (stdout is not a terminal): each input line is a prompt or a slash
 * command; answers stream to stdout as they arrive; route lines and messages go to stderr.
 */
export async function runPlainChat(
  session: ChatSession,
  output: Output,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  let printed = 0;
  let streamed = 0;
  const flush = (): void => {
    for (let entry = session.entries[printed]; entry !== undefined; entry = session.entries[printed]) {
      if (entry.kind === 'assistant') {
        process.stdout.write(entry.text.slice(streamed));
        streamed = entry.text.length;
        if (!entry.done) return;
        process.stdout.write('\n');
        if (entry.cancelled) output.err('[cancelled]');
        if (entry.error !== undefined) output.err(`error: ${entry.error}`);
        if (entry.route !== undefined) output.err(describeRoute(entry.route));
        streamed = 0;
      } else if (entry.kind === 'info') {
        output.err(entry.text);
      } else if (entry.kind === 'error') {
        output.err(`error: ${entry.text}`);
      }
      printed += 1;
    }
  };
  const unsubscribe = session.subscribe(flush);
  const lines = createInterface({ input, terminal: false });
  // Ctrl-C cancels the answer in progress; with none, it ends the chat.
  const onInterrupt = (): void => {
    if (!session.cancel()) lines.close();
  };
  process.on('SIGINT', onInterrupt);
  try {
    for await (const line of lines) {
      const outcome = await session.submit(line);
      if (outcome === 'quit') break;
      if (outcome === 'pick-strategy') output.err('Name the strategy: /strategy NAME (the picker needs a terminal).');
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    unsubscribe();
  }
  return 0;
}
