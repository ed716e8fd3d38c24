/**
 * What a script reading `--json` would trip on: every camelCase key, every `*_ms` number finer than a
 * microsecond, and every other fractional field with float noise (more than 15 significant digits).
 * Array elements are exempt: embedding vectors are the model's numbers.
 */
export function findJsonOffenders(value: unknown, at = '$'): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => (typeof item === 'number' ? [] : findJsonOffenders(item, `${at}[${index}]`)));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const here = `${at}.${key}`;
    const problems = /[a-z][A-Z]/.test(key) ? [`${here} (camelCase)`] : [];
    if (typeof item === 'number' && !Number.isInteger(item)) {
      if (key.endsWith('_ms') && item !== Math.round(item * 1000) / 1000) problems.push(`${here} = ${item}`);
      else if (item !== Number(item.toPrecision(15))) problems.push(`${here} = ${item}`);
    }
    return [...problems, ...findJsonOffenders(item, here)];
  });
}
