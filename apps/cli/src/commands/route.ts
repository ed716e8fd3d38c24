import type { CommandContext } from '../context.js';
import { formatJson } from '../output.js';

/** `biopipe route [--task TYPE] PROMPT`: which target would serve and why; calls no model. */
export async function explainRoute(context: CommandContext, options: { task: string; prompt: string }): Promise<number> {
  const resolved = await context.resolveStrategy();
  const { config } = resolved;
  const target = config.routeFor(options.task);
  const explicit = config.profile.task_routing[options.task] !== undefined;
  const rule = explicit ? `task_routing.${options.task}` : 'task_routing."*"';
  const local = target.kind === 'role' ? config.roleEndpoints(target.role).urls : [];
  const cloudChain = config.allowCloud ? config.fallbackChain : [];
  const plan = {
    strategy: config.name,
    strategy_source: resolved.reason,
    task_type: options.task,
    query_length: options.prompt.length,
    target: target.kind === 'role' ? target.role : 'cloud',
    rule,
    local_replicas: local,
    cloud_chain: target.kind === 'cloud' || config.allowCloud ? cloudChain : [],
    allow_cloud: config.allowCloud,
  };
  const { output } = context;
  if (output.json) {
    output.out(formatJson(plan));
    return 0;
  }
  output.out(`strategy   ${plan.strategy} (${plan.strategy_source})`);
  output.out(`task       ${plan.task_type}`);
  output.out(`target     ${plan.target} (by ${rule})`);
  if (target.kind === 'role') output.out(`replicas   ${local.length === 0 ? '(from the endpoint registry)' : local.join(', ')}`);
  output.out(`fallback   ${config.allowCloud ? cloudChain.join(' -> ') || '(none)' : 'none: PHI-safe profile, the cloud is never contacted'}`);
  return 0;
}
