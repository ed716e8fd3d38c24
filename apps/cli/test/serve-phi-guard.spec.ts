import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startServe, startServeFleet, type ServeFleet, type ServeProcess } from './serve-harness.js';

// The gateway honours the PHI guard like `ask`: a real `biopipe serve` under a hybrid profile.
const PHI = 'Our patient is Mrs. Okafor, MRN 7781203, DOB 1948-07-22.';
let fleet: ServeFleet;
let serve: ServeProcess;

const cloudConnections = (): number =>
  (fleet.fleet.cloud?.openai.connectionCount() ?? 0) + (fleet.fleet.cloud?.anthropic.connectionCount() ?? 0);

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${serve.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { error?: { message: string } } };
}

beforeAll(async () => {
  fleet = await startServeFleet();
  serve = await startServe(fleet, { strategy: 'serve_hybrid' });
}, 60_000);
afterAll(async () => {
  await serve.stop();
  await fleet.stop();
});

describe('biopipe serve and the PHI guard', () => {
  // The fleet-up case first: the fleet-down case leaves the gateway's circuits open for the replicas.
  it('serves a PHI orchestration request on the cluster when the fleet is up, and clean ones from the cloud', async () => {
    const before = cloudConnections();
    const held = await post('/v1/chat/completions', {
      model: 'biopipe:orchestration',
      max_tokens: 8,
      messages: [{ role: 'user', content: PHI }],
    });
    expect(held.status).toBe(200);
    expect(cloudConnections()).toBe(before);
    const clean = await post('/v1/chat/completions', {
      model: 'biopipe:orchestration',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'Plan an RNA-seq workflow for sample NA12878.' }],
    });
    expect(clean.status).toBe(200);
    expect(cloudConnections()).toBeGreaterThan(before);
  }, 60_000);

  it('answers 503 "held on the cluster" for PHI in the chat history or the embeddings input with the fleet down, whatever the headers say', async () => {
    for (const replica of [...fleet.generalists, ...Object.values(fleet.fleet.roles).map((role) => role.handle)])
      replica.setFaults({ refuseConnections: true });
    const before = cloudConnections();
    const chat = await post(
      '/v1/chat/completions',
      {
        model: 'biopipe:orchestration',
        max_tokens: 8,
        messages: [
          { role: 'user', content: PHI },
          { role: 'assistant', content: 'Noted.' },
          { role: 'user', content: 'Plan the exome workflow.' },
        ],
      },
      { 'x-biopipe-phi-guard': 'off', 'x-biopipe-allow-cloud': 'true' },
    );
    expect(chat.status).toBe(503);
    expect(chat.body.error?.message).toMatch(/^held on the cluster: the prompt contains patient identifiers \(/);
    expect(JSON.stringify(chat.body)).not.toContain('7781203');
    const embeddings = await post('/v1/embeddings', { model: 'biopipe:embeddings', input: ['BRCA1', PHI] });
    expect(embeddings.status).toBe(503);
    expect(cloudConnections()).toBe(before);
    for (const replica of [...fleet.generalists, ...Object.values(fleet.fleet.roles).map((role) => role.handle)])
      replica.clearFaults();
  }, 60_000);
});
