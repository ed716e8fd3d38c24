/**
 * Round axis ticks from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten, about `count`
 * of them, so the labels read as plain numbers (0, 250, 500…) rather than fractions of the maximum.
 */
export function computeTicks(max: number, count = 5): number[] {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const rough = top / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const ticks: number[] = [];
  for (let index = 0; ; index += 1) {
    const value = Number((index * step).toPrecision(12));
    ticks.push(value);
    if (value >= top) return ticks;
  }
}
