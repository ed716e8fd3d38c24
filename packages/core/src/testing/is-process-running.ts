import { readFileSync } from 'node:fs';

/**
 * Whether a process still runs (Linux `/proc`): gone, or a zombie waiting to be reaped, counts as
 * ended, since a killed child of a process that has not waited for it stays a zombie.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name in parentheses, which may itself hold spaces or ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
