import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TASK_TYPES } from '@biopipe/core';
import type { ServeProcess } from '../../../apps/cli/test/serve-harness.js';
import { VLLM_URL_VARIABLE, parseVllmFleet, type VllmFleet } from '../src/parse-vllm-fleet.js';
import { describeServerChecks } from './support/describe-server-checks.js';
import { LIVE_TIMEOUT_MS, createLiveContext } from './support/live-context.js';
import { targetOf, type BuiltinProfile } from './support/live-profiles.js';
import { stopServer } from './support/live-servers.js';

// The suite against real vLLM servers named by BIOPIPELINES_VLLM_URL (README, "Against a real vLLM").
// `npm run test:all` also runs it against the simulator's drop-in `vllm` (tools/scripts/run-integration-fleet.mjs).
// A case whose server is not given is registered as a skipped test titled with the reason, so it is
// counted as skipped (never passed) and the report says what to set; the same cases run in test:all.
const variable = process.env[VLLM_URL_VARIABLE]?.trim() ?? '';
const stopCommand = process.env['BIOPIPELINES_VLLM_STOP']?.trim() ?? '';

if (variable === '') {
  const line = `integration: skipped (${VLLM_URL_VARIABLE} not set)`;
  process.stdout.write(`${line}\n`);
  it.skip(line, () => undefined);
} else {
  describeLiveSuite(parseVllmFleet(variable));
}

function describeLiveSuite(fleet: VllmFleet): void {
  const context = createLiveContext(fleet);
  const { profiles, servedModels, chatRole, serve, cloudConnections, cloudRequests } = context;

  describe.each(profiles.map((profile) => [profile.name, profile] as const))('profile %s', (_name, profile) => {
    describeProfileRouting(profile);
  });

  function describeProfileRouting(profile: BuiltinProfile): void {
    let server: ServeProcess;
    let connectionsBefore = 0;
    beforeAll(async () => {
      connectionsBefore = cloudConnections();
      server = await serve(profile.name);
    }, LIVE_TIMEOUT_MS);
    afterAll(async () => {
      await server?.stop();
    });

    for (const task of TASK_TYPES) {
      const target = targetOf(profile, task);
      const live = target === 'cloud' || fleet.has(target);
      const title = `${task} -> ${target}`;
      if (!live) {
        it.skip(`${title}: skipped (no ${target} server in ${VLLM_URL_VARIABLE})`, () => undefined);
        continue;
      }
      it(
        title,
        async () => {
          const requestsBefore = cloudRequests();
          const embeddings = task === 'embeddings';
          const response = await fetch(`${server.url}/v1/${embeddings ? 'embeddings' : 'chat/completions'}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(
              embeddings
                ? { model: 'biopipe:embeddings', input: ['BRCA1 variant', 'TP53 mutation'] }
                : {
                    model: `biopipe:${task}`,
                    max_tokens: 8,
                    messages: [{ role: 'user', content: `A ${task} question` }],
                  },
            ),
          });
          const body = (await response.json()) as { data?: { embedding: number[] }[]; choices?: unknown[] };
          expect({ status: response.status, body }).toMatchObject({ status: 200 });
          if (embeddings) expect(body.data?.[1]?.embedding.length).toBeGreaterThan(0);
          else expect(body.choices).toHaveLength(1);
          if (target === 'cloud') {
            expect(cloudRequests()).toBe(requestsBefore + 1);
            return;
          }
          // The embeddings answer names its model but not its route; chat answers carry both.
          if (!embeddings) {
            expect(response.headers.get('x-biopipe-route-target')).toBe(target);
            expect(response.headers.get('x-biopipe-fallback-depth')).toBe('0');
          }
          expect(response.headers.get('x-biopipe-model')).toBe(servedModels.get(target));
          expect(cloudRequests()).toBe(requestsBefore);
        },
        LIVE_TIMEOUT_MS,
      );
    }

    if (!profile.allowCloud) {
      it('sends no byte to a cloud host (PHI-safe)', () => {
        expect(cloudConnections()).toBe(connectionsBefore);
      });
    }
  }

  describeServerChecks(context);

  // Last: it stops servers.
  describe('failover when a server is stopped', () => {
    describeFailover();
  });

  function describeFailover(): void {
    const urls = chatRole === undefined ? [] : (fleet.get(chatRole) ?? []);
    const hybrids = profiles.filter(
      (profile) => profile.allowCloud && Object.values(profile.taskRouting).includes(chatRole ?? ''),
    );
    // t4_hybrid is the profile the fleet runs in production; any other hybrid one will do.
    const hybrid = hybrids.find((profile) => profile.name === 't4_hybrid') ?? hybrids[0];
    const phiSafe = profiles.find((profile) => !profile.allowCloud);
    const task = TASK_TYPES.find(
      (candidate) =>
        hybrid !== undefined &&
        phiSafe !== undefined &&
        targetOf(hybrid, candidate) === chatRole &&
        targetOf(phiSafe, candidate) === chatRole,
    );
    if (
      stopCommand === '' ||
      chatRole === undefined ||
      hybrid === undefined ||
      phiSafe === undefined ||
      task === undefined
    ) {
      it.skip(`skipped (${stopCommand === '' ? 'BIOPIPELINES_VLLM_STOP not set: give a shell command that stops the server at $VLLM_URL' : 'no role that a hybrid and a PHI-safe built-in profile both route to'})`, () =>
        undefined);
      return;
    }
    let hybridServe: ServeProcess;
    let phiServe: ServeProcess;
    const ask = async (server: ServeProcess) => {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: `biopipe:${task}`,
          max_tokens: 8,
          messages: [{ role: 'user', content: 'Which read trimmer?' }],
        }),
      });
      await response.text();
      return {
        status: response.status,
        depth: response.headers.get('x-biopipe-fallback-depth'),
        model: response.headers.get('x-biopipe-model'),
      };
    };
    beforeAll(async () => {
      [hybridServe, phiServe] = await Promise.all([serve(hybrid.name), serve(phiSafe.name)]);
    }, LIVE_TIMEOUT_MS);
    afterAll(async () => {
      await Promise.all([hybridServe?.stop(), phiServe?.stop()]);
    });

    it(
      `${chatRole}: another replica serves while one is left; then ${hybrid.name} falls back to the cloud and ${phiSafe.name} refuses without contacting it`,
      async () => {
        const served = servedModels.get(chatRole);
        for (const [index, url] of urls.entries()) {
          expect(await ask(hybridServe)).toEqual({ status: 200, depth: '0', model: served });
          await stopServer(stopCommand, chatRole, url);
          if (index < urls.length - 1) {
            expect(await ask(hybridServe)).toEqual({ status: 200, depth: '0', model: served });
            expect(await ask(phiServe)).toEqual({ status: 200, depth: '0', model: served });
          }
        }
        const connections = cloudConnections();
        const phi = await ask(phiServe);
        expect(phi.status).toBe(503);
        expect(cloudConnections()).toBe(connections);
        const fallback = await ask(hybridServe);
        expect(fallback.status).toBe(200);
        expect(Number(fallback.depth)).toBeGreaterThanOrEqual(1);
        expect(fallback.model).not.toBe(served);
        expect(cloudConnections()).toBeGreaterThan(connections);
      },
      LIVE_TIMEOUT_MS,
    );
  }
}
