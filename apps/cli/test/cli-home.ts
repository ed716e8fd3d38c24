import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBiopipe, type CliResult } from './run-biopipe.js';

/** A scratch HOME for real `biopipe` processes: its config dir, state dir and metrics file. */
export interface CliHome {
  /** Holds `cfg/strategies/`, `state/` and `metrics.jsonl`. Removed by remove(). */
  readonly home: string;
  readonly configDir: string;
  readonly metricsPath: string;
  /** HOME, BIOPIPELINES_STATE_DIR and BIOPIPELINES_METRICS_PATH pointing inside `home`, and the extra variables. */
  readonly env: Record<string, string>;
  /** Writes `strategies/NAME.yaml` (`profile_name: NAME` then `body`) and returns its path. */
  writeProfile(name: string, body: string): string;
  /** Runs `biopipe --config-dir CONFIG ARGS` as a real process with `env` (plus `options.env`). */
  biopipe(
    args: readonly string[],
    options?: { input?: string; cwd?: string; env?: Record<string, string> },
  ): Promise<CliResult>;
  remove(): void;
}

/** Makes the scratch HOME (`prefix` names it, e.g. `biopipe-ask-`); `env` adds variables to every run. */
export function createCliHome(prefix: string, env: Record<string, string> = {}): CliHome {
  const home = mkdtempSync(path.join(tmpdir(), prefix));
  const configDir = path.join(home, 'cfg');
  mkdirSync(path.join(configDir, 'strategies'), { recursive: true });
  const metricsPath = path.join(home, 'metrics.jsonl');
  const variables = {
    HOME: home,
    BIOPIPELINES_STATE_DIR: path.join(home, 'state'),
    BIOPIPELINES_METRICS_PATH: metricsPath,
    ...env,
  };
  return {
    home,
    configDir,
    metricsPath,
    env: variables,
    writeProfile(name, body) {
      const file = path.join(configDir, 'strategies', `${name}.yaml`);
      writeFileSync(file, `profile_name: ${name}\n${body}`);
      return file;
    },
    biopipe: (args, options = {}) =>
      runBiopipe(['--config-dir', configDir, ...args], { ...options, env: { ...variables, ...options.env } }),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}
