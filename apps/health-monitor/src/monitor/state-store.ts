import { renameSync } from 'node:fs';
import { readConfigFile, type Logger } from '@biopipe/core';
import { writeFileAtomic } from '@biopipe/core/write-file-atomic';
import { monitorStateSchema, type MonitorState } from './role-state.js';

/** Reads and writes the monitor's state file, so a restarted monitor remembers backoff and counters. */
export class StateStore {
  readonly file: string;
  private readonly logger: Logger;

  constructor(file: string, logger: Logger) {
    this.file = file;
    this.logger = logger;
  }

  /** The saved state; an empty one when there is no file. A corrupt file is kept aside and reported. */
  load(): MonitorState {
    let text: string;
    try {
      // Not readFileSync: a FIFO in the state file's place would block the monitor for good.
      text = readConfigFile(this.file, 'health monitor state file');
    } catch (error) {
      if (((error as Error).cause as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT')
        this.logger.warn('cannot read the state file; starting afresh', {
          file: this.file,
          reason: (error as Error).message,
        });
      return { schema_version: 1, roles: {} };
    }
    try {
      return monitorStateSchema.parse(JSON.parse(text));
    } catch (error) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      this.logger.error('the state file is corrupt; moved it aside and starting afresh', {
        file: this.file,
        moved_to: aside,
        reason: (error as Error).message,
      });
      return { schema_version: 1, roles: {} };
    }
  }

  /** Writes atomically, so a monitor killed mid-save leaves the previous state readable. */
  save(state: MonitorState, now: Date): void {
    writeFileAtomic(this.file, `${JSON.stringify({ ...state, updated_at: now.toISOString() }, null, 2)}\n`);
  }
}
