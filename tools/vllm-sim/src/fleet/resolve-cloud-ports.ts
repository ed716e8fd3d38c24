import path from 'node:path';
import { StrategyConfig, UsageError, builtinConfigDir } from '@biopipe/core';

/** Where the development profile expects the simulated cloud APIs. */
export interface CloudPorts {
  openai: number;
  anthropic: number;
}

/** The development profile, whose `cloud_models` point at the simulated cloud APIs. */
export function defaultDevelopmentProfilePath(): string {
  return path.join(builtinConfigDir(), 'strategies', 'development.yaml');
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/**
 * Reads the simulated cloud ports from a strategy profile: the first loopback `openai-compatible`
 * and `anthropic` cloud models. One source of truth with the profile the router reads.
 * @throws ConfigValidationError for a bad profile; UsageError when a provider has no loopback model
 */
export function resolveCloudPorts(profileFile: string = defaultDevelopmentProfilePath()): CloudPorts {
  const config = StrategyConfig.fromYaml(profileFile);
  const found: Partial<CloudPorts> = {};
  for (const model of Object.values(config.cloudCatalogue)) {
    const url = new URL(model.base_url);
    if (!isLoopback(url.hostname) || url.port === '') continue;
    const key = model.provider === 'anthropic' ? 'anthropic' : 'openai';
    found[key] ??= Number(url.port);
  }
  if (found.openai === undefined || found.anthropic === undefined) {
    const missing = found.openai === undefined ? 'openai-compatible' : 'anthropic';
    throw new UsageError(
      `${profileFile} has no ${missing} cloud model on 127.0.0.1 with a port, so the simulated cloud API has nowhere to listen.`,
      `Add a cloud model with provider: ${missing} and base_url: http://127.0.0.1:PORT to that profile, or start the fleet with cloud: false.`,
    );
  }
  return { openai: found.openai, anthropic: found.anthropic };
}
