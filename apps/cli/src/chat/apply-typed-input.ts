/**
 * Adds what arrived in one terminal read to the input line. A paste, or `tmux send-keys 'text' Enter`,
 * delivers text and its Enter (`\r`) in a single chunk, which ink reports as one keypress that is not
 * "return"; each line ending in the chunk therefore submits the line before it here.
 */
export function applyTypedInput(buffer: string, typed: string): { submitted: string[]; buffer: string } {
  const parts = typed.split(/\r\n|\r|\n/);
  if (parts.length === 1) return { submitted: [], buffer: buffer + typed };
  const [first = '', ...rest] = parts;
  const last = rest.pop() ?? '';
  return { submitted: [buffer + first, ...rest], buffer: last };
}
