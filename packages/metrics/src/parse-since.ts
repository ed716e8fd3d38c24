import { readDuration } from '@biopipe/core/duration';
import { InvalidSinceError } from './metrics-errors.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Date.parse rolls 2025-02-30 over to March 2; a `--since` with an impossible date is a typo to report. */
function isRealDateTime(text: string): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0] = (text.match(/\d+/g) ?? []).map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60;
}

/**
 * Turns `--since` into the earliest timestamp (epoch ms) a record may have to be reported.
 * Accepts a duration back from `now` (`30m`, `24h`, `7d`, `2w`; core's grammar, so `90s` and `1.5h` too)
 * or an ISO 8601 date or date-time.
 * A date or date-time without an offset is local time (ECMAScript's rule for date-times; dates are
 * read the same way so both forms agree). Throws {@link InvalidSinceError} saying what was wrong.
 */
export function parseSince(value: string, now: number): number {
  const text = value.trim();
  if (text === '') throw new InvalidSinceError(value, 'it is empty');
  const duration = readDuration(text);
  if (duration.kind === 'no-unit')
    throw new InvalidSinceError(value, `a number needs a unit, e.g. ${duration.amount}h or ${duration.amount}d`);
  if (duration.kind === 'unknown-unit')
    throw new InvalidSinceError(value, `unknown unit "${duration.unit}" (use m, h, d or w; also s or ms)`);
  if (duration.kind === 'duration') {
    if (duration.ms === 0) throw new InvalidSinceError(value, 'a zero-length window holds no records');
    return now - duration.ms;
  }
  if (ISO_DATE.test(text) || ISO_DATE_TIME.test(text)) {
    const time = Date.parse(ISO_DATE.test(text) ? `${text}T00:00:00` : text.replace(' ', 'T'));
    if (Number.isNaN(time) || !isRealDateTime(text))
      throw new InvalidSinceError(value, 'it is not a real calendar date or time');
    if (time > now) throw new InvalidSinceError(value, `it is in the future (now is ${new Date(now).toISOString()})`);
    return time;
  }
  throw new InvalidSinceError(value, 'it is neither a duration nor an ISO 8601 time');
}
