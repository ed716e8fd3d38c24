/**
 * A strategy profile's YAML for tests: `roles` as loopback URLs, then `task_routing` last, so a test
 * can append more routing lines (`  biomedical: {split: …}`) or more top-level keys.
 */
export function createProfileYaml(options: {
  name: string;
  /** @default false */
  allowCloud?: boolean;
  /** Role name to its port on 127.0.0.1. */
  roles: Record<string, number>;
  /** Task type (quoted where YAML needs it, as `"*"`) to its YAML value. @default {"*": generalist} */
  routing?: Record<string, string>;
}): string {
  const lines = [
    `profile_name: ${options.name}`,
    `allow_cloud: ${options.allowCloud ?? false}`,
    'vllm_endpoints:',
    ...Object.entries(options.roles).map(([role, port]) => `  ${role}: http://127.0.0.1:${port}`),
    'task_routing:',
    ...Object.entries(options.routing ?? { '"*"': 'generalist' }).map(([task, target]) => `  ${task}: ${target}`),
  ];
  return `${lines.join('\n')}\n`;
}
