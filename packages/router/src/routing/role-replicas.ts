import { readProfileEndpointRegistry, type Environment, type FleetManifest, type StrategyConfig } from '@biopipe/core';

/** One replica of a role and what it should serve. */
export interface RoleReplica {
  url: string;
  /** `model` to send: the profile's served name, else the registry entry's, else config/fleet.yaml's. */
  servedModelName: string | undefined;
  maxModelLen: number | undefined;
  source: 'profile' | 'registry';
}

export interface RoleReplicaResolverOptions {
  config: StrategyConfig;
  fleet: FleetManifest | undefined;
  env: Environment;
  now: () => number;
  /** How long one read of the endpoint registry is reused. @default 2000 */
  registryCacheMs?: number;
}

/**
 * Where a role's replicas are. SLURM places jobs on whichever node is free, so when the profile enables
 * the endpoint registry and it holds fresh entries for a role, those entries are the replicas and the
 * static URLs are not used; the static URLs serve only roles the registry knows nothing fresh about.
 * The registry directory is read at most once per `registryCacheMs`.
 */
export function createRoleReplicaResolver(options: RoleReplicaResolverOptions): (role: string) => RoleReplica[] {
  const { config, fleet } = options;
  const settings = config.profile.endpoint_registry;
  const cacheMs = options.registryCacheMs ?? 2_000;
  let cached: { at: number; roles: Map<string, RoleReplica[]> } | undefined;
  const staticReplicas = new Map<string, RoleReplica[]>();

  const fromRegistry = (role: string): RoleReplica[] | undefined => {
    if (!settings.enabled) return undefined;
    const now = options.now();
    if (cached === undefined || now - cached.at >= cacheMs) {
      const snapshot = readProfileEndpointRegistry(settings, { env: options.env, now: new Date(now) });
      const roles = new Map<string, RoleReplica[]>();
      for (const [name, entries] of snapshot?.roles ?? []) {
        const stated = config.roleEndpoints(name).servedModelName;
        roles.set(
          name,
          entries.map((entry) => ({
            url: entry.url,
            servedModelName: stated ?? entry.served_model_name ?? fleet?.roles[name]?.served_model_name,
            maxModelLen: fleet?.roles[name]?.max_model_len,
            source: 'registry',
          })),
        );
      }
      cached = { at: now, roles };
    }
    const entries = cached.roles.get(role);
    return entries === undefined || entries.length === 0 ? undefined : entries;
  };

  return (role) => {
    const registered = fromRegistry(role);
    if (registered !== undefined) return registered;
    let replicas = staticReplicas.get(role);
    if (replicas === undefined) {
      const { urls, servedModelName } = config.roleEndpoints(role);
      const manifest = fleet?.roles[role];
      replicas = urls.map((url) => ({
        url,
        servedModelName: servedModelName ?? manifest?.served_model_name,
        maxModelLen: manifest?.max_model_len,
        source: 'profile',
      }));
      staticReplicas.set(role, replicas);
    }
    return replicas;
  };
}
