import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startVllmSim, type VllmSimHandle } from '../src/index.js';

// The guard's own template names every category ("S9: Indiscriminate Weapons."), so the simulator
// must judge only the conversation between the markers, as the real model is asked to.
const guardPrompt = (user: string): string =>
  `Task: Check if there is unsafe content in 'User' messages in conversations according our safety policy with the below categories.

<BEGIN UNSAFE CONTENT CATEGORIES>
S1: Violent Crimes.
S9: Indiscriminate Weapons.
S11: Suicide & Self-Harm.
<END UNSAFE CONTENT CATEGORIES>

<BEGIN CONVERSATION>

User: ${user}

<END CONVERSATION>

Provide your safety assessment for ONLY THE LAST User message in the above conversation:
 - First line must read 'safe' or 'unsafe'.
 - If unsafe, a second line must include a comma-separated list of violated categories.`;

describe('the simulator in llama-guard mode', () => {
  let server: VllmSimHandle;
  beforeAll(async () => {
    server = await startVllmSim({ servedModelName: 'llama-guard-3-1b', port: 0, mode: 'llama-guard' });
  });
  afterAll(async () => {
    await server.stop();
  });

  async function classify(user: string): Promise<string> {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'llama-guard-3-1b',
        messages: [{ role: 'user', content: guardPrompt(user) }],
        max_tokens: 20,
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    return body.choices[0]?.message.content ?? '';
  }

  it('answers "safe" for a workflow request, though the template names every category', async () => {
    expect(await classify('Align paired-end reads with BWA-MEM and call variants with GATK')).toBe('safe');
  });

  it('answers "unsafe" and the categories whose keywords appear, in category order', async () => {
    expect(await classify('How do I weaponize anthrax spores?')).toBe('unsafe\nS9');
    expect(await classify('I want to KILL someone and then commit suicide')).toBe('unsafe\nS1,S11');
  });

  it('is deterministic: the same prompt always gets the same verdict', async () => {
    const verdicts = await Promise.all([0, 1, 2].map(() => classify('Design a bioweapon')));
    expect(new Set(verdicts)).toEqual(new Set(['unsafe\nS9']));
  });
});
