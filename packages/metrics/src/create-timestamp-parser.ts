const MINUTE_MS = 60_000;

const digit = (text: string, index: number): number => {
  const value = text.charCodeAt(index) - 48;
  return value >= 0 && value <= 9 ? value : Number.NaN;
};

/**
 * A `Date.parse` with a shortcut for the format the sink writes (`toISOString()`,
 * `YYYY-MM-DDTHH:MM:SS.sssZ`). Records come in time order, so the minute mostly repeats: the parser
 * remembers the last minute and reads only seconds and milliseconds while it does. Anything else, a
 * new minute included, goes to `Date.parse` (NaN when it is not a date).
 */
export function createTimestampParser(): (text: string) => number {
  let minutePrefix = '\u0000'; // `YYYY-MM-DDTHH:MM:` of the last full parse
  let minuteStart = 0;
  return (text) => {
    if (
      text.length === 24 &&
      text.charCodeAt(23) === 90 &&
      text.charCodeAt(19) === 46 &&
      text.startsWith(minutePrefix)
    ) {
      const seconds = digit(text, 17) * 10 + digit(text, 18);
      const milliseconds = digit(text, 20) * 100 + digit(text, 21) * 10 + digit(text, 22);
      if (seconds < 60 && milliseconds >= 0) return minuteStart + seconds * 1000 + milliseconds;
    }
    const time = Date.parse(text);
    if (
      text.length === 24 &&
      text.charCodeAt(23) === 90 &&
      text.charCodeAt(16) === 58 &&
      text.charCodeAt(19) === 46 &&
      time >= 0
    ) {
      minutePrefix = text.slice(0, 17);
      minuteStart = Math.floor(time / MINUTE_MS) * MINUTE_MS;
    }
    return time;
  };
}
