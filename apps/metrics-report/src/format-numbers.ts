const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234567 -> "1,234,567". */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** 0.1234 -> "12.3%"; null -> "-". */
export function formatRate(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(1)}%`;
}

/** Milliseconds with one decimal; null -> "-". */
export function formatMs(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}

/** An ISO time as `YYYY-MM-DD HH:MM UTC`. */
export function formatTime(iso: string | null): string {
  return iso === null ? '-' : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
