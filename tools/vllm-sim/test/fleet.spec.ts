import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { builtinConfigDir, loadFleetManifest } from '@biopipe/core';
import { startFleet } from '../src/index.js';
import { resolveCloudPorts } from '../src/fleet/resolve-cloud-ports.js';
import { reservePort } from '../src/shared/tracked-server.js';
import { connectionErrorOf, postJson, send } from './support/http.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'vllm-sim-fleet-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('startFleet', () => {
  it('starts every manifest role with its served name, context and embedding size, plus both cloud APIs', async () => {
    const manifest = loadFleetManifest();
    const fleet = await startFleet({ ports: 'free', mode: 'echo' });
    try {
      expect(Object.keys(fleet.roles).sort()).toEqual(Object.keys(manifest.roles).sort());
      for (const [role, spec] of Object.entries(manifest.roles)) {
        const endpoint = fleet.roles[role];
        expect(endpoint?.servedModelName).toBe(spec.served_model_name);
        const cards = JSON.parse((await send(`${endpoint?.url}/v1/models`)).text) as {
          data: Array<{ id: string; root: string; max_model_len: number }>;
        };
        expect(cards.data[0]).toMatchObject({
          id: spec.served_model_name,
          root: spec.model,
          max_model_len: spec.max_model_len,
        });
      }
      const embedded = JSON.parse(
        (await postJson(`${fleet.roles['embeddings']?.url}/v1/embeddings`, { input: 'x' })).text,
      ) as { data: Array<{ embedding: number[] }> };
      expect(embedded.data[0]?.embedding).toHaveLength(manifest.roles['embeddings']?.embedding_dimensions ?? 0);
      const answer = await postJson(`${fleet.roles['coder']?.url}/v1/chat/completions`, {
        messages: [{ role: 'user', content: 'rule fastqc' }],
      });
      expect(JSON.parse(answer.text).model).toBe(manifest.roles['coder']?.served_model_name);
      expect(fleet.cloud?.openai.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(
        (
          await postJson(
            `${fleet.cloud?.openai.url}/chat/completions`,
            { model: 'deepseek-chat', messages: [{ role: 'user', content: 'hi' }] },
            { authorization: 'Bearer dev' },
          )
        ).status,
      ).toBe(200);
      expect(
        (
          await postJson(
            `${fleet.cloud?.anthropic.url}/v1/messages`,
            { model: 'claude', max_tokens: 4, messages: [{ role: 'user', content: 'hi' }] },
            { 'x-api-key': 'dev', 'anthropic-version': '2023-06-01' },
          )
        ).status,
      ).toBe(200);
      expect(
        (await postJson(`${fleet.roles['math']?.url}/admin/faults`, { fail: { status: 503, count: 1 } })).status,
      ).toBe(200);
    } finally {
      await fleet.stop();
    }
    expect(await connectionErrorOf(`${fleet.roles['generalist']?.url}/health`)).toBe('ECONNREFUSED');
    expect(await connectionErrorOf(`${fleet.cloud?.openai.url}/models`)).toBe('ECONNREFUSED');
  });

  it('binds the manifest ports and the profile cloud ports with ports: "manifest"', async () => {
    const ports = await Promise.all([0, 1, 2].map(() => reservePort('127.0.0.1')));
    const manifestPath = path.join(scratch, 'fleet.yaml');
    const source = readFileSync(path.join(builtinConfigDir(), 'fleet.yaml'), 'utf8');
    writeFileSync(manifestPath, source.replace('port: 8001', `port: ${ports[0]}`));
    const profilePath = path.join(scratch, 'development.yaml');
    const profile = readFileSync(path.join(builtinConfigDir(), 'strategies', 'development.yaml'), 'utf8');
    writeFileSync(
      profilePath,
      profile.replace('127.0.0.1:8005', `127.0.0.1:${ports[1]}`).replace('127.0.0.1:8006', `127.0.0.1:${ports[2]}`),
    );
    expect(resolveCloudPorts(profilePath)).toEqual({ openai: ports[1], anthropic: ports[2] });
    const fleet = await startFleet({
      ports: 'manifest',
      manifestPath,
      cloudProfilePath: profilePath,
      roles: ['generalist'],
      cloudApiKey: 'only-key',
    });
    try {
      expect(Object.keys(fleet.roles)).toEqual(['generalist']);
      expect(fleet.roles['generalist']?.url).toBe(`http://127.0.0.1:${ports[0]}`);
      expect(fleet.cloud?.openai.port).toBe(ports[1]);
      expect(fleet.cloud?.anthropic.port).toBe(ports[2]);
      expect(
        (
          await postJson(
            `${fleet.cloud?.openai.url}/chat/completions`,
            { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
            { authorization: 'Bearer other' },
          )
        ).status,
      ).toBe(401);
    } finally {
      await fleet.stop();
    }
  });

  it('reads the development profile cloud ports (8005, 8006)', () => {
    expect(resolveCloudPorts()).toEqual({ openai: 8005, anthropic: 8006 });
  });

  it('names an unknown role and a busy port, and leaves nothing running after a failed start', async () => {
    await expect(startFleet({ roles: ['generalist', 'chemist'] })).rejects.toThrow('Unknown fleet role chemist.');
    const blocker = await startFleet({ ports: 'free', roles: ['math'], cloud: false });
    try {
      const manifestPath = path.join(scratch, 'busy.yaml');
      const source = readFileSync(path.join(builtinConfigDir(), 'fleet.yaml'), 'utf8');
      const free = await reservePort('127.0.0.1');
      writeFileSync(
        manifestPath,
        source
          .replace('port: 8001', `port: ${free}`)
          .replace('port: 8003', `port: ${blocker.roles['math']?.handle.port}`),
      );
      await expect(
        startFleet({ ports: 'manifest', manifestPath, roles: ['generalist', 'math'], cloud: false }),
      ).rejects.toThrow(/Cannot start the math simulator on 127\.0\.0\.1:\d+: the port is already in use/);
      expect(await connectionErrorOf(`http://127.0.0.1:${free}/health`)).toBe('ECONNREFUSED');
    } finally {
      await blocker.stop();
    }
  });
});
