import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { TASK_TYPES, loadFleetManifest } from '@biopipe/core';
import { runProcess } from '@biopipe/core/testing';
import { VLLM_URL_VARIABLE } from '../../src/parse-vllm-fleet.js';
import { LIVE_TIMEOUT_MS, WORKSPACE, type LiveContext } from './live-context.js';
import { targetOf } from './live-profiles.js';
import { dataLines, postToServer } from './live-servers.js';

/** What the servers themselves must do: stream usage, embed at the fleet's dimension, cache prefixes. */
export function describeServerChecks(context: LiveContext): void {
  const chatRole = context.chatRole;
  describe('streaming with stream_options.include_usage', () => {
    if (chatRole === undefined) {
      it.skip(`skipped (no chat role in ${VLLM_URL_VARIABLE})`, () => undefined);
      return;
    }
    const request = (model: string) => ({
      model,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 8,
      messages: [{ role: 'user', content: 'Name one aligner for RNA-seq reads.' }],
    });
    const expectUsageLast = (text: string): void => {
      const payloads = dataLines(text);
      expect(payloads.at(-1)).toBe('[DONE]');
      const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload) as Record<string, unknown>);
      const last = chunks.at(-1) as { choices: unknown[]; usage: Record<string, number> };
      expect(last.choices).toEqual([]);
      expect(last.usage['completion_tokens']).toBeGreaterThan(0);
      expect(last.usage['total_tokens']).toBe(
        (last.usage['prompt_tokens'] ?? 0) + (last.usage['completion_tokens'] ?? 0),
      );
      const text_ = chunks
        .slice(0, -1)
        .map((chunk) => (chunk as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? '')
        .join('');
      expect(text_.length).toBeGreaterThan(0);
    };

    it(
      `the ${chatRole} server ends its stream with a usage chunk`,
      async () => {
        const url = context.fleet.get(chatRole)?.[0] ?? '';
        const response = await postToServer(
          `${url}/v1/chat/completions`,
          request(context.servedModels.get(chatRole) ?? ''),
        );
        expect(response.status).toBe(200);
        expectUsageLast(response.text);
      },
      LIVE_TIMEOUT_MS,
    );

    it(
      'biopipe serve passes the stream and the usage chunk through',
      async () => {
        const profile = context.profiles.find((candidate) => !candidate.allowCloud);
        const task = TASK_TYPES.find((candidate) => profile !== undefined && targetOf(profile, candidate) === chatRole);
        if (profile === undefined || task === undefined)
          throw new Error(`no PHI-safe built-in profile routes a task to ${chatRole}`);
        const server = await context.serve(profile.name);
        try {
          const response = await fetch(`${server.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(request(`biopipe:${task}`)),
          });
          expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
          expectUsageLast(await response.text());
        } finally {
          await server.stop();
        }
      },
      LIVE_TIMEOUT_MS,
    );
  });

  describe('embeddings', () => {
    const urls = context.fleet.get('embeddings');
    if (urls === undefined) {
      it.skip(`the dimension: skipped (no embeddings server in ${VLLM_URL_VARIABLE})`, () => undefined);
      return;
    }
    it(
      'every replica returns vectors of the fleet manifest’s dimension',
      async () => {
        const expected = loadFleetManifest(process.env['BIOPIPELINES_FLEET_FILE']).roles['embeddings']
          ?.embedding_dimensions;
        for (const url of urls) {
          const response = await postToServer(`${url}/v1/embeddings`, {
            model: context.servedModels.get('embeddings'),
            input: ['BRCA1 variant', 'TP53 mutation'],
          });
          expect(response.status).toBe(200);
          const vectors = (response.json as { data: { embedding: number[] }[] }).data.map((item) => item.embedding);
          expect(vectors).toHaveLength(2);
          for (const vector of vectors) {
            expect(vector.length).toBe(expected ?? vectors[0]?.length);
            expect(vector.every((value) => Number.isFinite(value))).toBe(true);
          }
        }
      },
      LIVE_TIMEOUT_MS,
    );
  });

  describe('prefix cache', () => {
    if (chatRole === undefined) {
      it.skip(`skipped (no chat role in ${VLLM_URL_VARIABLE})`, () => undefined);
      return;
    }
    it(
      `a shared context prefix cuts time to first token by more than 20% on ${chatRole} (the seed's target)`,
      async () => {
        const result = await runProcess(
          process.execPath,
          [
            path.join(WORKSPACE, 'tools/bench/live-fleet/measure-prefix-cache.mjs'),
            '--url',
            context.fleet.get(chatRole)?.[0] ?? '',
            '--model',
            context.servedModels.get(chatRole) ?? '',
            '--requests',
            '8',
            '--json',
          ],
          { cwd: WORKSPACE },
        );
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
        const measured = JSON.parse(result.stdout) as { ttft_reduction: number; prefix_cache: { hit_tokens: number } };
        expect(measured.prefix_cache.hit_tokens).toBeGreaterThan(0);
        expect(measured.ttft_reduction).toBeGreaterThan(0.2);
      },
      LIVE_TIMEOUT_MS,
    );
  });
}
