import type { SlurmPartition } from './resource-status.js';

/** `sinfo` output format the probe asks for: partition, availability, node count, compact node state. */
export const SINFO_FORMAT = '%R|%a|%D|%t';

/** Node states that can run a job; a `*` suffix means the node is not responding (sinfo(1), NODE STATE CODES). */
function isUsableNodeState(state: string): boolean {
  return /^(idle|mix|alloc|comp)/.test(state) && !state.endsWith('*');
}

/**
 * Parses `sinfo --noheader --format='%R|%a|%D|%t'`: one line per partition and node state, so a
 * partition with idle and down nodes appears twice. Lines that do not fit are ignored.
 */
export function parseSinfo(output: string): SlurmPartition[] {
  const partitions = new Map<string, SlurmPartition>();
  for (const line of output.split('\n')) {
    const [name, availability, count, state] = line.trim().split('|');
    if (name === undefined || name === '' || availability === undefined || count === undefined || state === undefined)
      continue;
    const nodes = Number.parseInt(count, 10);
    const partition = partitions.get(name) ?? { name, availability, nodes: 0, node_states: [], up: false };
    partition.nodes += Number.isFinite(nodes) ? nodes : 0;
    if (!partition.node_states.includes(state)) partition.node_states.push(state);
    partition.up = partition.availability === 'up' && partition.node_states.some(isUsableNodeState);
    partitions.set(name, partition);
  }
  return [...partitions.values()];
}
