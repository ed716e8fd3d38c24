/**
 * Consecutive equal labels as one, with a count: a retried endpoint reads `…: http-500 ×3` instead of
 * three identical entries, so the attempts that differ stay visible in a one-line message.
 */
export function collapseRepeats(labels: readonly string[]): string[] {
  const collapsed: { label: string; count: number }[] = [];
  for (const label of labels) {
    const last = collapsed.at(-1);
    if (last?.label === label) last.count += 1;
    else collapsed.push({ label, count: 1 });
  }
  return collapsed.map(({ label, count }) => (count === 1 ? label : `${label} ×${count}`));
}
