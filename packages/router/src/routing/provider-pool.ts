import { OpenAiCompatibleProvider } from '../providers/openai-compatible-provider.js';
import type { ChatProvider } from '../providers/provider.js';

/** Makes the provider for one local replica. */
export type LocalProviderFactory = (options: { url: string; model: string | undefined }) => ChatProvider;

/** The default: vLLM's OpenAI-compatible API, with the fleet's `--api-key` when one is set. */
export function createVllmProviderFactory(
  apiKey: string | undefined,
  now: () => number = Date.now,
): LocalProviderFactory {
  return ({ url, model }) => new OpenAiCompatibleProvider({ kind: 'vllm', baseUrl: url, model, apiKey, now });
}

/** Local providers by URL and model, made once and shared by every strategy of an orchestrator. */
export class ProviderPool {
  private readonly providers = new Map<string, ChatProvider>();

  constructor(private readonly create: LocalProviderFactory) {}

  local(url: string, model: string | undefined): ChatProvider {
    const key = `${url} ${model ?? ''}`;
    let provider = this.providers.get(key);
    if (provider === undefined) {
      provider = this.create({ url, model });
      this.providers.set(key, provider);
    }
    return provider;
  }
}
