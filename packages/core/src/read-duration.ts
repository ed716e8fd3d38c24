/**
 * The one duration grammar of the project (`30s`, `5m`, `24h`, `7d`, `2w`, `500ms`, `1.5m`), importable
 * on its own (`@biopipe/core/duration`) by code that must start fast. Callers wrap a problem in their
 * own error, because each names a different option and offers a different example.
 */

/** Milliseconds in one of each unit; units are case-insensitive (`24H` is 24 hours, `5M` five minutes). */
const DURATION_UNIT_MS = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

/** A unit of {@link DURATION_UNIT_MS}. */
type DurationUnit = keyof typeof DURATION_UNIT_MS;

/** What {@link readDuration} found: milliseconds, or why the text is not a duration. */
type DurationReading =
  | { kind: 'duration'; ms: number; amount: number; unit: DurationUnit }
  /** A bare number, such as `24`: the caller should suggest a unit. */
  | { kind: 'no-unit'; amount: number }
  /** A number and letters that are no unit, such as `24x` or `1y`. */
  | { kind: 'unknown-unit'; amount: number; unit: string }
  /** Not a number followed by letters at all (`-1h`, `yesterday`, `2025-06-01`). */
  | { kind: 'not-a-duration' };

const DURATION = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/;

function isDurationUnit(unit: string): unit is DurationUnit {
  return Object.hasOwn(DURATION_UNIT_MS, unit);
}

/** Reads a non-negative number and a unit, with optional spaces around and between them. */
export function readDuration(text: string): DurationReading {
  const match = DURATION.exec(text.trim());
  if (match === null) return { kind: 'not-a-duration' };
  const amount = Number(match[1]);
  const unit = match[2] ?? '';
  if (unit === '') return { kind: 'no-unit', amount };
  const lower = unit.toLowerCase();
  if (!isDurationUnit(lower)) return { kind: 'unknown-unit', amount, unit };
  return { kind: 'duration', ms: Math.round(amount * DURATION_UNIT_MS[lower]), amount, unit: lower };
}
