/** A key the file does not know, and the absent valid key it is close enough to be a typo of. */
export interface KeyTypo {
  /** Path of the map holding the key. */
  path: readonly (string | number)[];
  key: string;
  meant: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at `path` inside `value`, if the document has one there. */
export function findValue(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (isPlainObject(current)) current = current[String(segment)];
    else if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else return undefined;
  }
  return current;
}

/** The map at `path` inside `value`, if the document has one there. */
export function findMap(value: unknown, path: readonly (string | number)[]): Record<string, unknown> | undefined {
  const found = findValue(value, path);
  return isPlainObject(found) ? found : undefined;
}

/**
 * A copy of the parsed document with each typo renamed to the key it was meant to be, so validation
 * can tell which other problems only follow from the typo (`allow_clod` leaves `allow_cloud` at its
 * default, false, and every cloud route then looks like a PHI-safe profile's mistake).
 */
export function correctKeyTypos(value: unknown, typos: readonly KeyTypo[]): unknown {
  const copy = structuredClone(value);
  for (const typo of typos) {
    const map = findMap(copy, typo.path);
    if (map === undefined || !(typo.key in map)) continue;
    map[typo.meant] = map[typo.key];
    delete map[typo.key];
  }
  return copy;
}
