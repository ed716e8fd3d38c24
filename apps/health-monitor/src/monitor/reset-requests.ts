import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `health-monitor --reset ROLE` leaves a request file here; the next round (of the running service,
 * or the next `--once`) clears that role's state: counters, backoff and the gave-up mark. A file, not
 * an edit of the state file, so it never races with a running monitor's writes.
 */
export class ResetRequests {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  request(role: string): string {
    mkdirSync(this.directory, { recursive: true });
    const file = path.join(this.directory, role);
    writeFileSync(file, `${new Date().toISOString()}\n`);
    return file;
  }

  /** The requested roles; `consume` also deletes the requests. */
  pending(): string[] {
    try {
      return readdirSync(this.directory)
        .filter((name) => !name.startsWith('.'))
        .sort();
    } catch {
      return [];
    }
  }

  consume(): string[] {
    const roles = this.pending();
    for (const role of roles) rmSync(path.join(this.directory, role), { force: true });
    return roles;
  }
}
