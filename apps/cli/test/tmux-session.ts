import { execFileSync, spawnSync } from 'node:child_process';

/**
 * A real pseudo-terminal driven through tmux: start a command, send keys, read the screen.
 * tmux is a test dependency (tools/scripts/setup.sh installs it); its absence fails the test.
 */
export class TmuxSession {
  private constructor(readonly name: string) {}

  static start(command: string, options: { width?: number; height?: number } = {}): TmuxSession {
    const probe = spawnSync('tmux', ['-V']);
    if (probe.error !== undefined)
      throw new Error('tmux is required for terminal tests: install it (tools/scripts/setup.sh all)');
    const name = `biopipe-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    // A person's terminal, not a CI log: with CI set, ink would print only the final frame.
    execFileSync('tmux', [
      'new-session',
      '-d',
      '-s',
      name,
      '-e',
      'CI=false',
      '-x',
      String(options.width ?? 120),
      '-y',
      String(options.height ?? 40),
      command,
    ]);
    execFileSync('tmux', ['set-option', '-t', name, 'remain-on-exit', 'on']);
    return new TmuxSession(name);
  }

  /** The visible screen; with `escapes`, colour and style codes are kept. */
  screen(options: { escapes?: boolean } = {}): string {
    return execFileSync('tmux', ['capture-pane', '-p', ...(options.escapes === true ? ['-e'] : []), '-t', this.name], {
      encoding: 'utf8',
    });
  }

  sendKeys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  /** Polls the screen until `pattern` appears, or fails with the screen after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.screen();
      if (pattern.test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${pattern} on the terminal; screen was:\n${screen}`);
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}
