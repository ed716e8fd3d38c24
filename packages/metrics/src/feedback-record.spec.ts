import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { appendFeedback, readFeedback, resolveFeedbackPath } from './feedback-file.js';
import { FEEDBACK_NOTE_MAX_CHARS, createFeedbackRecord, parseFeedbackLine } from './feedback-record.js';

const now = new Date('2025-06-01T12:00:00.000Z');
const build = (input: { request_id: unknown; rating: unknown; note?: unknown }) =>
  createFeedbackRecord(input, { source: 'cli', now });

describe('feedback records', () => {
  it('builds a record, keeping a note up to the cap', () => {
    expect(build({ request_id: '3f2a-uuid', rating: 'good', note: 'x'.repeat(FEEDBACK_NOTE_MAX_CHARS) })).toEqual({
      record: {
        type: 'feedback',
        schema_version: 1,
        timestamp: '2025-06-01T12:00:00.000Z',
        request_id: '3f2a-uuid',
        rating: 'good',
        note: 'x'.repeat(FEEDBACK_NOTE_MAX_CHARS),
        source: 'cli',
      },
    });
  });

  it.each([
    ['no request id', { request_id: undefined, rating: 'good' }, 'request_id', 'required'],
    ['a request id with a space', { request_id: 'has space', rating: 'good' }, 'request_id', '1 to 128'],
    ['a request id of 129 characters', { request_id: 'a'.repeat(129), rating: 'good' }, 'request_id', '1 to 128'],
    ['an unknown rating', { request_id: 'r1', rating: 'meh' }, 'rating', '"good" or "bad"'],
    ['a note that is a number', { request_id: 'r1', rating: 'good', note: 5 }, 'note', 'string'],
    [
      'a note one character past the cap (counted in characters, not UTF-16 units)',
      { request_id: 'r1', rating: 'bad', note: '🧬'.repeat(FEEDBACK_NOTE_MAX_CHARS + 1) },
      'note',
      'the limit is 1000',
    ],
  ])('refuses %s: the field and how to fix it', (_label, input, field, message) => {
    const result = build(input);
    expect('problem' in result && result.problem.field).toBe(field);
    expect('problem' in result && result.problem.message).toContain(message);
  });

  it('never echoes the note in a problem', () => {
    const secret = `patient John Smith ${'y'.repeat(FEEDBACK_NOTE_MAX_CHARS)}`;
    const result = build({ request_id: 'r1', rating: 'bad', note: secret });
    expect(JSON.stringify(result)).not.toContain('John Smith');
  });

  it('rejects lines that are torn, of another kind or version, or carry a bad field', () => {
    expect(parseFeedbackLine('{"type":"feedback"')).toEqual({ reason: 'not valid JSON (a torn or cut line?)' });
    expect(parseFeedbackLine('[1]')).toEqual({ reason: 'not a JSON object' });
    expect(parseFeedbackLine('{"type":"routing_metric"}')).toMatchObject({
      reason: expect.stringContaining('not a feedback'),
    });
    const good = {
      type: 'feedback',
      schema_version: 1,
      timestamp: now.toISOString(),
      request_id: 'r',
      rating: 'good',
      source: 'gateway',
    };
    expect(parseFeedbackLine(JSON.stringify(good))).toEqual({ record: good });
    expect(parseFeedbackLine(JSON.stringify({ ...good, schema_version: 2 }))).toMatchObject({
      reason: expect.stringContaining('schema_version'),
    });
    expect(parseFeedbackLine(JSON.stringify({ ...good, timestamp: 'yesterday' }))).toMatchObject({
      reason: expect.stringContaining('timestamp'),
    });
    expect(parseFeedbackLine(JSON.stringify({ ...good, source: 'web' }))).toMatchObject({
      reason: expect.stringContaining('source'),
    });
  });

  it('appends lines beside the metrics file and reads the last rating per request', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'feedback-'));
    try {
      const file = resolveFeedbackPath(path.join(directory, 'logs', 'routing_metrics.jsonl'));
      expect(path.basename(file)).toBe('routing_metrics.feedback.jsonl');
      expect((await readFeedback(file)).records).toBe(0);
      for (const rating of ['good', 'bad'] as const) {
        const built = build({ request_id: 'r1', rating });
        if ('record' in built) await appendFeedback(file, built.record);
      }
      expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(3);
      const index = await readFeedback(file);
      expect(index.ratings).toEqual(new Map([['r1', 'bad']]));
      expect(index.records).toBe(2);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
