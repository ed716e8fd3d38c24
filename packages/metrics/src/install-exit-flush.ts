/** Something whose pending records can be written synchronously (the event loop is gone at exit). */
export interface SynchronouslyFlushable {
  flushSync(): void;
}

export interface InstallExitFlushOptions {
  /** @default ['SIGINT', 'SIGTERM'] */
  signals?: readonly NodeJS.Signals[];
  /** @default the global `process` */
  process?: NodeJS.Process;
}

/**
 * Writes a sink's pending records when the process exits and on SIGINT/SIGTERM. Libraries never call
 * this themselves: signals belong to the application. On a signal, when no other listener handles
 * it, the default behaviour is kept — the handler removes itself and re-sends the signal, so the
 * process still ends (exit code 128 + signal number). Returns a function that uninstalls the hooks.
 */
export function installExitFlush(sink: SynchronouslyFlushable, options: InstallExitFlushOptions = {}): () => void {
  const target = options.process ?? process;
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const flush = (): void => sink.flushSync();
  const onSignal = (signal: NodeJS.Signals): void => {
    flush();
    if (target.listenerCount(signal) === 1) {
      uninstall();
      target.kill(target.pid, signal);
    }
  };
  const uninstall = (): void => {
    target.off('exit', flush);
    for (const signal of signals) target.off(signal, onSignal);
  };
  target.on('exit', flush);
  for (const signal of signals) target.on(signal, onSignal);
  return uninstall;
}
