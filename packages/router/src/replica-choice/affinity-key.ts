import type { StrategyConfig } from '@biopipe/core';
import type { ChatMessage } from '../providers/provider.js';
import type { AffinityKey } from './affinity-store.js';
import { hashPrefixBlocks, serializeForPrefix } from './prefix-blocks.js';

/**
 * The affinity key of a chat request under the profile's replica selection, or undefined when the
 * policy does not use one. The role name stands for the model in the serialisation: each role has
 * its own index, and the same role's replicas serve one model.
 */
export function createAffinityKey(options: {
  config: StrategyConfig;
  role: string;
  messages: readonly ChatMessage[];
  session: string | undefined;
}): AffinityKey | undefined {
  const selection = options.config.profile.replica_selection;
  if (selection.policy !== 'prefix-aware') return undefined;
  const text = serializeForPrefix(options.role, options.messages);
  const blocks = hashPrefixBlocks(text, { blockChars: selection.block_chars, maxBlocks: selection.max_blocks });
  const session = options.session === undefined || options.session === '' ? undefined : options.session;
  return { blocks, session };
}
