import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtinConfigDir, loadEvalSuite, renderEvalMessages, type EvalItem } from '@biopipe/core';
import { startVllmSim, type VllmSimHandle } from '../vllm/vllm-sim.js';
import { createAnswerKey, loadAnswerKeyFile, parseAnswerKeySpec } from './answer-key.js';

const biomedical = path.join(builtinConfigDir(), 'eval', 'biomedical-mcq.jsonl');
const safety = path.join(builtinConfigDir(), 'eval', 'safety-labels.jsonl');
const { items } = loadEvalSuite(biomedical);
const question = (item: EvalItem): string => renderEvalMessages(item)[0]?.content ?? '';
const letterOf = (answer: string | undefined): string | undefined => /\b([A-D])\b/.exec(answer ?? '')?.[1];
const rightShare = (accuracy: number): number => {
  const key = createAnswerKey([{ items, accuracy }]);
  return items.filter((item) => letterOf(key.answer(question(item))) === item.expected).length / items.length;
};

describe('the simulator answer key', () => {
  it('answers right with the set probability, the same way on every run', () => {
    expect(rightShare(1)).toBe(1);
    expect(rightShare(0)).toBe(0);
    expect(Math.abs(rightShare(0.72) - 0.72)).toBeLessThan(0.12);
    const first = createAnswerKey([{ items, accuracy: 0.5 }]);
    const second = createAnswerKey([{ items, accuracy: 0.5 }]);
    expect(items.map((item) => first.answer(question(item)))).toEqual(
      items.map((item) => second.answer(question(item))),
    );
  });

  it('makes a better role right on every item a worse one is right on', () => {
    const worse = createAnswerKey([{ items, accuracy: 0.7 }]);
    const better = createAnswerKey([{ items, accuracy: 0.9 }]);
    for (const item of items)
      if (letterOf(worse.answer(question(item))) === item.expected)
        expect(letterOf(better.answer(question(item)))).toBe(item.expected);
  });

  it('answers safety items as Llama Guard 3 does, and leaves other prompts alone', () => {
    const suite = loadEvalSuite(safety).items;
    const key = createAnswerKey([{ items: suite, accuracy: 1 }]);
    const unsafe = suite.find((item) => item.expected === 'unsafe');
    expect(key.answer(question(unsafe as EvalItem))).toBe(`unsafe\n${unsafe?.category ?? ''}`);
    expect(key.answer('What is the capital of France?')).toBeUndefined();
  });

  it('refuses a malformed SUITE=P spec', () => {
    expect(() => parseAnswerKeySpec(`${biomedical}=1.5`)).toThrow('is not SUITE.jsonl=P');
    expect(() => parseAnswerKeySpec(biomedical)).toThrow('is not SUITE.jsonl=P');
  });
});

describe('a simulated server with an answer key', () => {
  let directory: string;
  let server: VllmSimHandle;
  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'answer-key-'));
    const file = path.join(directory, 'key.yaml');
    writeFileSync(file, `suites:\n  ${JSON.stringify(biomedical)}: { biomed: 1, generalist: 0 }\n`);
    const answerKey = loadAnswerKeyFile(file, 'biomed');
    expect(loadAnswerKeyFile(file, 'coder')).toBeUndefined();
    server = await startVllmSim({ servedModelName: 'biomistral', ...(answerKey === undefined ? {} : { answerKey }) });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const ask = async (content: string): Promise<string> => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'biomistral',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content },
        ],
      }),
    });
    const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    return body.choices[0]?.message.content ?? '';
  };

  it('answers a suite item with its keyed answer over HTTP, and anything else in its mode', async () => {
    const item = items[3] as EvalItem;
    expect(letterOf(await ask(question(item)))).toBe(item.expected);
    expect(await ask('Tell me about yeast.')).not.toMatch(/answer/i);
  });
});
