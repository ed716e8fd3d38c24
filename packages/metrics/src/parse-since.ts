import { InvalidSinceError } from './metrics-errors.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d+)\s*([a-zA-Z]*)$/;
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
 * Accepts a duration back from `now` (`30m`, `24h`, `7d`, `2w`) or an ISO 8601 date or date-time.
 * A date or date-time without an offset is local time (ECMAScript's rule for date-times; dates are
 * read the same way so both forms agree). Throws {@link InvalidSinceError} saying what was wrong.
 */
export function parseSince(value: string, now: number): number {
  const text = value.trim();
  if (text === '') throw new InvalidSinceError(value, 'it is empty');
  const duration = DURATION.exec(text);
  if (duration !== null) {
    const amount = Number(duration[1]);
    const unit = (duration[2] ?? '').toLowerCase();
    if (unit === '') throw new InvalidSinceError(value, `a number needs a unit, e.g. ${amount}h or ${amount}d`);
    if (!(unit in UNIT_MS)) throw new InvalidSinceError(value, `unknown unit "${duration[2]}" (use m, h, d or w)`);
    if (amount === 0) throw new InvalidSinceError(value, 'a zero-length window holds no records');
    return now - amount * UNIT_MS[unit as keyof typeof UNIT_MS];
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
