import { afterAll, beforeAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAnthropicCloudSim, startOpenAiCloudSim, type CloudSimHandle } from '@biopipe/vllm-sim';
import { SIM_CLOUD_KEY, startServe, type ServeProcess } from '../../../../apps/cli/test/serve-harness.js';
import type { VllmFleet } from '../../src/parse-vllm-fleet.js';
import { readBuiltinProfiles, writeLiveProfiles, type BuiltinProfile } from './live-profiles.js';
import { fetchServedModel } from './live-servers.js';

export const WORKSPACE = path.resolve(import.meta.dirname, '../../../..');
/** A real GPU's first answers can be slow (CUDA graph capture, a cold cache). */
export const LIVE_TIMEOUT_MS = 180_000;

/** What every part of the suite shares: the live fleet, the profiles and the simulated clouds. */
export interface LiveContext {
  fleet: VllmFleet;
  profiles: readonly BuiltinProfile[];
  /** Role -> the model its servers serve (read from /v1/models in beforeAll). */
  servedModels: ReadonlyMap<string, string>;
  /** The role the chat checks use: the generalist when there is one. */
  chatRole: string | undefined;
  /** Starts `biopipe serve` on a built-in profile rewritten to the live fleet. */
  serve(strategy: string): Promise<ServeProcess>;
  /** TCP connections the simulated clouds accepted so far (before any byte is parsed). */
  cloudConnections(): number;
  cloudRequests(): number;
}

/** Registers the suite's setup and teardown, and returns what its tests share. */
export function createLiveContext(fleet: VllmFleet): LiveContext {
  const servedModels = new Map<string, string>();
  const clouds: CloudSimHandle[] = [];
  const profiles = readBuiltinProfiles();
  let home: string | undefined;
  const chatRoles = [...fleet.keys()].filter((role) => role !== 'embeddings');

  beforeAll(async () => {
    for (const [role, urls] of fleet) {
      const models = await Promise.all(urls.map((url) => fetchServedModel(role, url)));
      if (new Set(models).size > 1)
        throw new Error(`the ${role} replicas serve different models: ${models.join(', ')}`);
      servedModels.set(role, models[0] ?? '');
    }
    const openAi = await startOpenAiCloudSim({ apiKey: SIM_CLOUD_KEY });
    const anthropic = await startAnthropicCloudSim({ apiKey: SIM_CLOUD_KEY });
    clouds.push(openAi, anthropic);
    home = mkdtempSync(path.join(tmpdir(), 'biopipe-live-'));
    mkdirSync(path.join(home, 'config', 'strategies'), { recursive: true });
    writeLiveProfiles({
      profiles,
      fleet,
      servedModels,
      clouds: { openAiUrl: openAi.url, anthropicUrl: anthropic.url, keyVariable: 'BIOPIPELINES_SIM_CLOUD_KEY' },
      configDir: path.join(home, 'config'),
    });
  }, LIVE_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(clouds.map((cloud) => cloud.stop()));
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  return {
    fleet,
    profiles,
    servedModels,
    chatRole: fleet.has('generalist') ? 'generalist' : chatRoles[0],
    serve: (strategy) => {
      if (home === undefined) throw new Error('the live suite has not been set up');
      return startServe({ configDir: path.join(home, 'config'), home }, { strategy });
    },
    cloudConnections: () => clouds.reduce((total, cloud) => total + cloud.connectionCount(), 0),
    cloudRequests: () => clouds.reduce((total, cloud) => total + cloud.requestCount(), 0),
  };
}
