import { CLOUD_TARGET, type HealthSource, type RoutingCandidate } from '@biopipe/core';
import type { CommandContext } from '../context.js';
import { toSnakeCaseKeys } from '../json-values.js';
import { formatJson, formatTable, paint, redactingOutput } from '../output.js';
import { describeGuards } from './route-summary.js';
import { describeComplexity, formatComplexity } from './complexity-summary.js';
import { openRoutedSession } from './routed-session.js';
import { decideRouteVerdict } from './route-verdict.js';

/** Checks the replicas of the roles with the detector (health only: no model is called). */
async function checkRoleHealth(context: CommandContext, roles: readonly string[]): Promise<HealthSource | undefined> {
  if (roles.length === 0) return undefined;
  const [{ ResourceDetector, collectEndpoints }, { loadFleetManifest }] = await Promise.all([
    import('@biopipe/detector'),
    import('@biopipe/core'),
  ]);
  const { config } = await context.resolveStrategy();
  let fleet;
  try {
    fleet = loadFleetManifest();
  } catch {
    fleet = undefined;
  }
  const endpoints = collectEndpoints(config, { fleet, env: context.env }).filter((endpoint) =>
    roles.includes(endpoint.role),
  );
  if (endpoints.length === 0) return undefined;
  const detector = new ResourceDetector({
    endpoints,
    env: context.env,
    timeoutMs: config.profile.health.check_timeout_ms,
    slurm: false,
  });
  await detector.detect();
  return detector;
}

function describeCandidate(candidate: RoutingCandidate): string[] {
  return [
    candidate.kind === 'replica' ? candidate.target : `cloud:${candidate.target}`,
    candidate.endpoint ?? '-',
    candidate.state,
    candidate.in_flight === null ? '-' : String(candidate.in_flight),
    candidate.reason,
  ];
}

/**
 * `biopipe route [--task TYPE] PROMPT`: which target would serve and why, with each candidate's
 * health as the detector sees it now (a `/health` and `/v1/models` check); calls no model.
 */
export async function explainRoute(
  context: CommandContext,
  options: { task: string; prompt: string },
): Promise<number> {
  const resolved = await context.resolveStrategy();
  const { config } = resolved;
  // The complexity step may move the task to its strong target: check the health of the target it picks.
  const { decideRoute, createProfileComplexityStep } = await import('@biopipe/router');
  const target = decideRoute(
    config,
    options.task,
    { queryLength: options.prompt.length, prompt: options.prompt },
    createProfileComplexityStep(config),
  ).target;
  // With the semantic signal on, the lexical decision above may change: check both of the task's targets.
  const complexityRoutes = config.profile.complexity_routing;
  const taskRoutes = complexityRoutes?.semantic === undefined ? undefined : complexityRoutes.tasks[options.task];
  const roles = [
    ...new Set([...(target.kind === 'role' ? [target.role] : []), taskRoutes?.weak, taskRoutes?.strong]),
  ].filter((role): role is string => role !== undefined && role !== CLOUD_TARGET);
  const healthSource = await checkRoleHealth(context, roles);
  const session = await openRoutedSession(context, { writeMetrics: false, healthSource });
  const messages = [{ role: 'user' as const, content: options.prompt }];
  // The semantic signal embeds the prompt on the profile's local embeddings role (never the cloud).
  const semantic = await session.orchestrator.readSemantic(options.task, messages);
  const explanation = session.orchestrator.explain(options.task, options.prompt.length, { messages, semantic });
  const local = target.kind === 'role' ? config.roleEndpoints(target.role).urls : [];
  const cloudChain = explanation.steps.filter((step) => step.kind === 'cloud').map((step) => step.target);
  const plan = {
    strategy: config.name,
    strategy_source: resolved.reason,
    task_type: options.task,
    query_length: options.prompt.length,
    target: explanation.target,
    rule: explanation.rule,
    complexity: describeComplexity(explanation.complexity),
    local_replicas: local,
    cloud_chain: cloudChain,
    allow_cloud: config.allowCloud,
    steps: explanation.steps,
    candidates: explanation.candidates,
    health_checked: healthSource !== undefined,
    phi_guard: explanation.phi_guard ?? null,
    budget: explanation.budget ?? null,
    narrowed_by: explanation.narrowed_by ?? null,
  };
  const output = redactingOutput(context.output);
  const verdict = decideRouteVerdict(explanation.candidates);
  if (output.json) {
    // The candidate that would serve is the verdict's: the first, in cascade order, that may take it.
    const candidates = plan.candidates.map((candidate) => ({ ...candidate, chosen: candidate === verdict.serving }));
    output.out(formatJson(toSnakeCaseKeys({ ...plan, candidates })));
    return verdict.exitCode;
  }
  output.out(`strategy   ${plan.strategy} (${plan.strategy_source})`);
  output.out(`task       ${plan.task_type}`);
  output.out(`target     ${plan.target} (by ${plan.rule})`);
  if (explanation.complexity !== null) output.out(`complexity ${formatComplexity(explanation.complexity)}`);
  if (target.kind === 'role')
    output.out(`replicas   ${local.length === 0 ? '(from the endpoint registry)' : local.join(', ')}`);
  output.out(
    `fallback   ${config.allowCloud ? cloudChain.join(' -> ') || '(none)' : paint(output, 'green', 'none: PHI-safe profile, the cloud is never contacted')}`,
  );
  for (const line of describeGuards(explanation)) output.out(line);
  output.out('');
  output.out(
    formatTable(['candidate', 'endpoint', 'state', 'in flight', 'why'], explanation.candidates.map(describeCandidate)),
  );
  if (target.kind === 'role' && !plan.health_checked)
    output.out(paint(output, 'dim', '(no replica to check: health unknown)'));
  output.out('');
  output.out(`verdict    ${verdict.exitCode === 0 ? verdict.text : paint(output, 'red', verdict.text)}`);
  return verdict.exitCode;
}
