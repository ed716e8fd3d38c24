import type { GroupSummary, MetricsSummary } from '@biopipe/metrics';

/** How the report groups requests (`--by`). */
export type Grouping = 'task' | 'model';

export const GROUPINGS: readonly Grouping[] = ['task', 'model'];

/** The groups to show for a `--by` value, each with its display name. */
export function selectGroups(summary: MetricsSummary, by: Grouping): { name: string; group: GroupSummary }[] {
  return by === 'task' ? summary.by_task.map((group) => ({ name: group.task_type, group })) : summary.by_model.map((group) => ({ name: group.model, group }));
}

export function groupingTitle(by: Grouping): string {
  return by === 'task' ? 'task type' : 'model';
}
