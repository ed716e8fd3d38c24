const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Runs `work` with a spinner on stderr when stderr is a terminal (never on stdout, never when piped),
 * appearing only if the work takes longer than `delayMs`, and cleared when it ends.
 */
export async function withSpinner<T>(
  text: string,
  work: Promise<T>,
  options: { stream?: NodeJS.WriteStream; delayMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<T> {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  if (stream.isTTY !== true || env['TERM'] === 'dumb' || env['CI'] === 'true') return work;
  let frame = 0;
  let shown = false;
  const draw = (): void => {
    shown = true;
    stream.write(`\r${FRAMES[frame % FRAMES.length] ?? ''} ${text}\u001b[K`);
    frame += 1;
  };
  const start = setTimeout(() => {
    draw();
    interval = setInterval(draw, 80);
  }, options.delayMs ?? 300);
  let interval: NodeJS.Timeout | undefined;
  try {
    return await work;
  } finally {
    clearTimeout(start);
    if (interval !== undefined) clearInterval(interval);
    if (shown) stream.write('\r\u001b[K');
  }
}
