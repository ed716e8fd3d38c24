import { describe, expect, it } from '@jest/globals';
import { createTimestampParser } from './create-timestamp-parser.js';
import { createSeededRandom } from './testing/create-routing-records.js';

describe('createTimestampParser', () => {
  it('agrees with Date.parse on ordered, shuffled and odd timestamps', () => {
    const random = createSeededRandom(3);
    const ordered = Array.from({ length: 5000 }, (_, index) =>
      new Date(Date.UTC(2025, 5, 1) + index * 997).toISOString(),
    );
    const shuffled = [...ordered].sort(() => random() - 0.5);
    const odd = [
      '2025-06-01T00:00:60.000Z',
      '2025-06-01T00:00:5x.000Z',
      '2025-06-01T00:00:05.0x0Z',
      '2025-06-01T00:00:05.000+01:00',
      '2025-06-01T00:00:05Z',
      '2025-06-01 00:00:05.000Z',
      '2025-06-01',
      'yesterday',
      '',
      '1969-12-31T23:59:59.999Z',
      '2025-06-01T00:00:05.999Z',
    ];
    const parse = createTimestampParser();
    for (const text of [...ordered, ...shuffled, ...odd, ...ordered.slice(0, 10).flatMap((text) => [text, ...odd])]) {
      expect([text, parse(text)]).toEqual([text, Date.parse(text)]);
    }
  });
});
