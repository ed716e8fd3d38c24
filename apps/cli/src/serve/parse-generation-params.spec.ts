import { describe, expect, it } from '@jest/globals';
import { parseGenerationParams } from './parse-generation-params.js';

describe('parseGenerationParams', () => {
  it('reads messages (text parts joined, developer as system) and the sampling fields', () => {
    const params = parseGenerationParams(
      {
        messages: [
          { role: 'developer', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Count ' },
              { type: 'text', text: 'reads' },
            ],
          },
        ],
        max_tokens: 50,
        max_completion_tokens: 20,
        temperature: 0,
        stop: '\n',
        stream: true,
        stream_options: { include_usage: true },
        top_p: 0.9,
      },
      'chat',
    );
    expect(params).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Count reads' },
      ],
      maxTokens: 20,
      temperature: 0,
      stop: ['\n'],
      stream: true,
      includeUsage: true,
    });
  });

  it('turns a completions prompt into one user message', () => {
    expect(parseGenerationParams({ prompt: ['Say hi'] }, 'completion')).toMatchObject({
      messages: [{ role: 'user', content: 'Say hi' }],
      stream: false,
      includeUsage: false,
    });
  });

  it('names the field at fault', () => {
    const cases: [Record<string, unknown>, 'chat' | 'completion', string][] = [
      [{}, 'chat', 'messages'],
      [{ messages: [] }, 'chat', 'messages'],
      [{ messages: [{ role: 'tool', content: 'x' }] }, 'chat', 'messages[0].role'],
      [
        { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] },
        'chat',
        'messages[0].content',
      ],
      [{ messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }, 'chat', 'max_tokens'],
      [{ messages: [{ role: 'user', content: 'x' }], temperature: 3 }, 'chat', 'temperature'],
      [{ messages: [{ role: 'user', content: 'x' }], stop: [1] }, 'chat', 'stop'],
      [{ messages: [{ role: 'user', content: 'x' }], n: 2 }, 'chat', 'n'],
      [{ messages: [{ role: 'user', content: 'x' }], tools: [{}] }, 'chat', 'tools'],
      [{ messages: [{ role: 'user', content: 'x' }], stream: 'yes' }, 'chat', 'stream'],
      [{ prompt: [1, 2, 3] }, 'completion', 'prompt'],
      [{ prompt: ['a', 'b'] }, 'completion', 'prompt'],
      [{ prompt: 'x', echo: true }, 'completion', 'echo'],
    ];
    for (const [body, kind, param] of cases) {
      expect(() => parseGenerationParams(body, kind)).toThrow(
        expect.objectContaining({ gatewayCode: 'invalid_request', param }) as unknown as Error,
      );
    }
  });
});
