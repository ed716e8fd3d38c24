import type { StrategyConfig, TaskType } from '@biopipe/core';
import type { CloudApiStatus, ResourceStatus } from './resource-status.js';

/** Who would serve one task type right now. */
export interface TaskCoverage {
  task_type: TaskType;
  /** The route target: a role, or `cloud`. */
  target: string;
  /** `local`: a healthy endpoint of the role; `cloud`: a cloud model with a usable key; null: nothing. */
  served_by: 'local' | 'cloud' | null;
  reason: string;
}

export interface Coverage {
  /** Every task type the profile routes has a backend. */
  can_serve: boolean;
  tasks: TaskCoverage[];
}

/** A key counts when it is set and verification (if made) did not reject it. */
const usable = (api: CloudApiStatus | undefined): boolean =>
  api !== undefined && api.key === 'present' && api.verification !== 'invalid';

/**
 * Whether a profile can serve every task type it routes, given what the detector found: the target
 * role has a healthy endpoint, or the profile allows the cloud and a model of the right chain
 * (`embeddings_fallback` for embeddings, `fallback` otherwise) has a usable key.
 */
export function assessCoverage(config: StrategyConfig, status: ResourceStatus): Coverage {
  const tasks = config.routedTaskTypes.map((task): TaskCoverage => {
    const route = config.routeFor(task);
    const target = route.kind === 'role' ? route.role : 'cloud';
    const localNote = route.kind === 'role' ? localState(status, route.role) : undefined;
    if (localNote?.healthy === true) return { task_type: task, target, served_by: 'local', reason: localNote.text };
    const chain = task === 'embeddings' ? config.profile.embeddings_fallback : config.fallbackChain;
    const prefix = localNote === undefined ? '' : `${localNote.text}; `;
    if (!config.allowCloud)
      return {
        task_type: task,
        target,
        served_by: null,
        reason: `${prefix}the cloud is not allowed (PHI-safe profile)`,
      };
    const apis = chain.map((name) => ({ name, api: status.cloud_apis.find((api) => api.name === name) }));
    const covering = apis.find(({ api }) => usable(api));
    if (covering !== undefined)
      return {
        task_type: task,
        target,
        served_by: 'cloud',
        reason: `${prefix}cloud ${covering.name} (${covering.api?.api_key_env} set)`,
      };
    const why =
      apis.length === 0
        ? 'no cloud model in its chain'
        : `no usable key for ${apis.map(({ name, api }) => `${name} (${api?.api_key_env ?? 'unknown'})`).join(', ')}`;
    return { task_type: task, target, served_by: null, reason: `${prefix}${why}` };
  });
  return { can_serve: tasks.every((task) => task.served_by !== null), tasks };
}

function localState(status: ResourceStatus, role: string): { healthy: boolean; text: string } {
  const endpoints = status.vllm_endpoints.filter((endpoint) => endpoint.role === role);
  const healthy = endpoints.filter((endpoint) => endpoint.state === 'healthy').length;
  if (endpoints.length === 0) return { healthy: false, text: `no ${role} endpoint known` };
  if (healthy > 0)
    return {
      healthy: true,
      text: `${healthy} of ${endpoints.length} ${role} endpoint${endpoints.length === 1 ? '' : 's'} healthy`,
    };
  return {
    healthy: false,
    text: `no healthy ${role} endpoint (${endpoints.map((endpoint) => endpoint.state).join(', ')})`,
  };
}
