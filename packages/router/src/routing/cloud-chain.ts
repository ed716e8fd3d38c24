import type { CloudModel, Environment, StrategyConfig } from '@biopipe/core';
import { AnthropicProvider } from '../providers/anthropic-provider.js';
import { OpenAiCompatibleProvider } from '../providers/openai-compatible-provider.js';
import type { ChatProvider } from '../providers/provider.js';
import { redactUrl } from '../providers/redact-url.js';
import type { Candidate, SkippedCandidate } from './candidate.js';

/** Makes the provider for one cloud model; it receives the key, which it must never reveal. */
export type CloudProviderFactory = (options: { name: string; model: CloudModel; apiKey: string }) => ChatProvider;

/** The default: DeepSeek/OpenAI over the OpenAI protocol, Claude over the Messages API. */
export function createCloudProvider(
  options: { name: string; model: CloudModel; apiKey: string },
  now: () => number = Date.now,
): ChatProvider {
  const { model, apiKey } = options;
  return model.provider === 'anthropic'
    ? new AnthropicProvider({ baseUrl: model.base_url, model: model.model, apiKey, now })
    : new OpenAiCompatibleProvider({
        kind: 'openai-compatible',
        baseUrl: model.base_url,
        model: model.model,
        apiKey,
        now,
      });
}

/**
 * The cloud models of one profile, each made on first use. Only a profile that allows the cloud ever
 * gets one: CascadingProviderRouter does not construct this class otherwise, so with
 * `allow_cloud: false` no cloud provider object exists and the factory is never called.
 */
export class CloudChain {
  private readonly providers = new Map<string, ChatProvider>();

  constructor(
    private readonly config: StrategyConfig,
    private readonly env: Environment,
    private readonly create: CloudProviderFactory,
  ) {}

  /**
   * What this cloud model adds to a planned cascade's context sizes: its `max_model_len` when its key
   * is set, nothing otherwise. Read from the catalogue: no provider is made for a request that may
   * never need one.
   */
  contextSizes(name: string): (number | undefined)[] {
    const model = this.config.cloudCatalogue[name];
    const apiKey = model === undefined ? undefined : this.env[model.api_key_env];
    return model === undefined || apiKey === undefined || apiKey === '' ? [] : [model.max_model_len];
  }

  /** The candidate for a cloud model, or why it cannot be tried (no key set). */
  candidate(name: string): Candidate | SkippedCandidate {
    const model = this.config.cloudModel(name);
    const apiKey = this.env[model.api_key_env];
    if (apiKey === undefined || apiKey === '') {
      return {
        target: name,
        kind: 'cloud',
        endpoint: redactUrl(model.base_url),
        state: 'no-key',
        reason: `${model.api_key_env} is not set`,
        errorClass: 'no-key',
      };
    }
    let provider = this.providers.get(name);
    if (provider === undefined) {
      provider = this.create({ name, model, apiKey });
      this.providers.set(name, provider);
    }
    return {
      target: name,
      kind: 'cloud',
      endpoint: provider.endpoint,
      model: model.model,
      provider,
      maxModelLen: model.max_model_len,
      acquire: () => true,
      settle: () => undefined,
    };
  }
}

/** Tells a candidate from a skip. */
export function isCandidate(value: Candidate | SkippedCandidate): value is Candidate {
  return 'provider' in value;
}
