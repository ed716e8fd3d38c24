import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { RoutingMetric } from '@biopipe/core';
import { parseRecordLine } from './parse-record-line.js';
import { MAX_PROBLEMS, readRecordRange, type ReadStatistics } from './read-record-range.js';
import { DECISION, MetricLineScanner, type MetricFields } from './scan-metric-line.js';
import { createRoutingDecision, createRoutingMetric, createSeededRandom } from './testing/create-routing-records.js';

/** The summary fields of a record (request_id only with a variant, as the scanner reads it). */
function pickMetricFields(record: RoutingMetric): Partial<MetricFields> {
  const fields: Partial<MetricFields> = {};
  for (const name of Object.keys(EVERY_FIELD) as (keyof MetricFields)[])
    if (name !== 'request_id' && record[name] !== undefined) Object.assign(fields, { [name]: record[name] });
  if (record.variant !== undefined) fields.request_id = record.request_id;
  return fields;
}

/** A scanned record as `pickMetricFields` gives it (the scanner reuses one object, with no variant set to undefined). */
function copyMetricFields(fields: MetricFields): Partial<MetricFields> {
  const copy: Partial<MetricFields> = { ...fields };
  if (copy.variant === undefined) {
    delete copy.variant;
    delete copy.request_id;
  }
  return copy;
}

/** What the JSON.parse path makes of a line: a current metric's summary fields or a decision, and its time; or undefined. */
function parseReference(line: Buffer): Scanned | undefined {
  const parsed = parseRecordLine(line.toString('utf8'));
  if (parsed.kind === 'invalid' || (parsed.kind === 'metric' && parsed.upgraded)) return undefined;
  const time = Date.parse(parsed.record.timestamp);
  if (Number.isNaN(time)) return undefined;
  return { fields: parsed.kind === 'decision' ? DECISION : pickMetricFields(parsed.record), time };
}

/** A blank line (skipped, not invalid) or a valid record other than a current metric (a decision, an upgraded one). */
function isBlankOrRecord(line: Buffer): boolean {
  const text = line.toString('utf8');
  if (text.trim() === '') return true;
  const parsed = parseRecordLine(text);
  return parsed.kind !== 'invalid' && !Number.isNaN(Date.parse(parsed.record.timestamp));
}

type Scanned = { fields: Partial<MetricFields> | typeof DECISION; time: number };

function scan(line: string | Buffer): Scanned | undefined {
  const scanner = new MetricLineScanner();
  const bytes = Buffer.concat([Buffer.from('junk\n'), Buffer.from(line), Buffer.from('\n{"next":1}')]);
  const fields = scanner.scan(bytes, 5, bytes.length - 11);
  return fields === undefined ? undefined : { fields: copyFields(fields), time: scanner.time };
}

function copyFields(fields: MetricFields | typeof DECISION): Partial<MetricFields> | typeof DECISION {
  if (fields === DECISION) return fields;
  return copyMetricFields(fields);
}

/** Every field the accumulators use, none at its default: what the scanner must read of `full`, and no more. */
const EVERY_FIELD: MetricFields = {
  request_id: 'req-full',
  task_type: 'biomedical',
  query_length: 0,
  model_used: 'qwen2.5-math-7b-instruct',
  endpoint: null,
  fallback_depth: 2,
  cloud: true,
  ttft_ms: null,
  latency_ms: 1e3,
  prompt_tokens: null,
  completion_tokens: 0,
  success: false,
  error_class: 'timeout',
  complexity_score: 0.75,
  complexity_decision: 'strong',
  cost_usd: 0.000123,
  cost_estimated: true,
  variant: { experiment: 'biomedical', arm: 'biomed' },
};

const full = createRoutingMetric({
  ...EVERY_FIELD,
  complexity_version: 'lr-1',
  phi_categories: { mrn: 2, name: 0 },
  safety_guard: { verdict: 'safe', action: 'none', categories: ['S1', 'S2'] },
});

describe('MetricLineScanner', () => {
  it('reads every field the accumulators use from a record that has them all', () => {
    expect(scan(JSON.stringify(full))?.fields).toEqual(EVERY_FIELD);
  });

  it.each([
    ['a plain record', createRoutingMetric()],
    ['every optional part', full],
    [
      'nulls everywhere they may be',
      createRoutingMetric({
        ttft_ms: null,
        model_used: null,
        endpoint: null,
        prompt_tokens: null,
        completion_tokens: null,
        attempts: [],
      }),
    ],
    ['a failure', createRoutingMetric({ success: false, error_class: 'timeout', error_message: 'said "no"\n' })],
  ])('reads %s exactly as the JSON.parse path does', (_name, record) => {
    const line = JSON.stringify(record);
    const scanned = scan(line);
    expect(scanned).toBeDefined();
    expect(scanned).toEqual(parseReference(Buffer.from(line)));
  });

  it('counts a current decision, read only for its time, as the JSON.parse path does', () => {
    const line = JSON.stringify(createRoutingDecision());
    expect(scan(line)).toEqual({ fields: DECISION, time: Date.parse(createRoutingDecision().timestamp) });
    expect(scan(line)).toEqual(parseReference(Buffer.from(line)));
  });

  it('reads only the bytes it is given, within a larger buffer', () => {
    const line = Buffer.from(JSON.stringify(createRoutingMetric()));
    const scanner = new MetricLineScanner();
    const shorter = Buffer.concat([line.subarray(0, line.length - 1), Buffer.from('}')]);
    expect(scanner.scan(shorter, 0, shorter.length - 1)).toBeUndefined();
    expect(scanner.scan(Buffer.concat([line, Buffer.from('  \r')]), 0, line.length + 3)).toBeDefined();
  });

  it.each([
    [
      'a decision whose type is not its first key',
      JSON.stringify(createRoutingDecision())
        .replace('"type":"routing_decision",', '')
        .replace(/}$/, ',"type":"routing_decision"}'),
    ],
    [
      'a decision with an unknown candidate state',
      JSON.stringify(createRoutingDecision()).replace('"healthy"', '"sleepy"'),
    ],
    ['an older version', JSON.stringify({ ...createRoutingMetric(), schema_version: 0 })],
    ['an unknown key', JSON.stringify({ ...createRoutingMetric(), extra: 1 })],
    ['a duplicate key', JSON.stringify(createRoutingMetric()).replace(/}$/, ',"task_type":"x"}')],
    [
      'an escaped task type',
      JSON.stringify(createRoutingMetric()).replace('"code_generation"', '"code\\u005fgeneration"'),
    ],
    ['a missing field', JSON.stringify({ ...createRoutingMetric(), success: undefined })],
    [
      'a snake_case error class',
      JSON.stringify(createRoutingMetric({ success: false, error_class: 'cascade_exhausted' })),
    ],
    [
      'a snake_case error class in an attempt',
      JSON.stringify(createRoutingMetric()).replace(
        '"error_class":null,"duration_ms"',
        '"error_class":"http_503","duration_ms"',
      ),
    ],
    [
      'an escaped error class',
      JSON.stringify(createRoutingMetric({ success: false, error_class: 'http-503' })).replace(
        'http-503',
        'http\\u005f503',
      ),
    ],
    ['a timestamp that is not a date', JSON.stringify(createRoutingMetric({ timestamp: 'yesterday' }))],
    ['trailing garbage', `${JSON.stringify(createRoutingMetric())}x`],
    ['a blank line', '   '],
  ])('leaves %s to the JSON.parse path', (_name, line) => {
    expect(scan(line)).toBeUndefined();
  });

  it('gives every timestamp the time Date.parse gives it, whatever order they come in', () => {
    const random = createSeededRandom(3);
    const ordered = Array.from({ length: 1500 }, (_, index) =>
      new Date(Date.UTC(2025, 5, 1) + index * 997).toISOString(),
    );
    const odd = [
      '2025-06-01T00:00:60.000Z',
      '2025-06-01T00:00:5x.000Z',
      '2025-06-01T00:00:05.0x0Z',
      '2025-06-01T00:00:05.000+01:00',
      '2025-06-01T24:00:00.000Z',
      '2025-06-01T24:00:05.000Z',
      '2025-06-01 00:00:05.000Z',
      '2025-06-01',
      '1969-12-31T23:59:59.999Z',
    ];
    const timestamps = [
      ...ordered,
      ...[...ordered].sort(() => random() - 0.5),
      ...ordered.slice(0, 10).flatMap((text) => [text, ...odd]),
    ];
    const scanner = new MetricLineScanner();
    for (const timestamp of timestamps) {
      const line = Buffer.from(JSON.stringify(createRoutingMetric({ timestamp })));
      const fields = scanner.scan(line, 0, line.length);
      const expected = Date.parse(timestamp);
      expect([timestamp, fields === undefined ? Number.NaN : scanner.time]).toEqual([timestamp, expected]);
    }
  });
});

// The exactness rule, by fuzzing: whatever the scanner accepts, the JSON.parse path accepts with the
// same fields and time; lines are real records cut, flipped, re-spelled and padded (seeded, so a
// failure repeats).
const SNIPPETS = [
  ' ',
  '\t',
  '\r',
  '"',
  '\\',
  '\\u0041',
  '\\ud800',
  '\\x',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '0',
  '-0',
  '1e5',
].concat([
  'é',
  '€',
  '\u2028',
  'null',
  'true',
  'false',
  '{}',
  '[]',
  '"x":1,',
  '[[[[{}]]]]',
  '\u0000',
  '\u001f',
  '\u007f',
]);
const NUMBERS = [
  '-0',
  '0.0',
  '-0.0',
  '1e2',
  '1E-2',
  '1.5e+3',
  '12345678901234567890',
  '1e400',
  '-1e400',
  '0.1234567890123456789',
].concat(['123456789012345.6', '1234567890123456', '-1', '01', '1.', '.5', '+1', '1e', '0x10', 'NaN', '2.50', '1.0']);
const TEXTS = ['code_generation', 'é€𝄞', 'tab\there', 'quote"d', 'back\\slash', '\u2028', ''];

function createBaseRecords(random: () => number): RoutingMetric[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: 60 }, (_, index) => {
    const record = createRoutingMetric({
      timestamp: new Date(Date.UTC(2025, 5, 1) + Math.floor(random() * 1e9)).toISOString(),
      request_id: `req-${index}`,
      task_type: pick(['code_generation', 'embeddings', 'biomedical']),
      latency_ms: Math.round(random() * 1e6) / pick([1, 10, 1000]),
      ttft_ms: random() < 0.3 ? null : random() * 500,
      cost_usd: random() < 0.5 ? 0 : random() / 1000,
      success: random() < 0.8,
      fallback_depth: Math.floor(random() * 3),
    });
    if (index % 3 === 0) Object.assign(record, { variant: full.variant, safety_guard: full.safety_guard });
    if (index % 4 === 0)
      Object.assign(record, { complexity_score: random(), complexity_decision: pick(['weak', 'strong']) });
    if (index % 5 === 0) record.phi_categories = { mrn: Math.floor(random() * 4) };
    return record;
  });
}

function mutate(line: string, random: () => number): Buffer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const at = Math.floor(random() * line.length);
  const bytes = Buffer.from(line);
  switch (Math.floor(random() * 8)) {
    case 0: {
      const byteAt = Math.floor(random() * bytes.length);
      bytes[byteAt] = pick([
        0x20,
        0x22,
        0x2c,
        0x30,
        0x31,
        0x2d,
        0x2e,
        0x65,
        0x5c,
        0x7b,
        0x7d,
        0x5b,
        0x5d,
        0xff,
        0xc3,
        Math.floor(random() * 256),
      ]);
      if (bytes[byteAt] === 0x0a) bytes[byteAt] = 0x20;
      return bytes;
    }
    case 1:
      return Buffer.from(line.slice(0, at) + pick(SNIPPETS) + line.slice(at));
    case 2:
      return Buffer.from(line.slice(0, at) + line.slice(at + 1 + Math.floor(random() * 4)));
    case 3: {
      const numbers = [...line.matchAll(/:(-?\d[\d.eE+-]*)/g)];
      const number = numbers.length === 0 ? undefined : pick(numbers);
      if (number === undefined) return bytes;
      const start = (number.index ?? 0) + 1;
      return Buffer.from(line.slice(0, start) + pick(NUMBERS) + line.slice(start + (number[1] ?? '').length));
    }
    case 4: {
      const strings = [...line.matchAll(/:"((?:[^"\\]|\\.)*)"/g)];
      const string = pick(strings);
      const start = (string.index ?? 0) + 1;
      const text = pick(TEXTS);
      const spelled =
        random() < 0.5
          ? JSON.stringify(text)
          : `"${[...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
      return Buffer.from(line.slice(0, start) + spelled + line.slice(start + string[0].length - 1));
    }
    case 5:
      return Buffer.from(
        line.replace(/([,:{[])/g, (match) => (random() < 0.2 ? `${match}${pick([' ', '\t', '\r', '  \t'])}` : match)),
      );
    case 6:
      return Buffer.from(
        line.replace(/}$/, pick([',"task_type":"x"}', ',"extra":[1,{"a":null}]}', ',"variant":null}', ' }', '}}'])),
      );
    default:
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([pick([0xff, 0xc3, 0xe2, 0x80])]), bytes.subarray(at)]);
  }
}

/** Base lines, each cut at every position, and mutated ones: `count` in all, at least. */
function createFuzzLines(count: number, seed: number): Buffer[] {
  const random = createSeededRandom(seed);
  const decisions = Array.from({ length: 15 }, (_, index) =>
    createRoutingDecision({
      timestamp: new Date(Date.UTC(2025, 5, 1) + index * 7919).toISOString(),
      allow_cloud: index % 2 === 0,
    }),
  );
  const bases = [...createBaseRecords(random), ...decisions].map((record) => JSON.stringify(record));
  const lines = bases.map((line) => Buffer.from(line));
  for (const line of [...bases.slice(0, 4), bases[bases.length - 1] as string])
    for (let cut = 0; cut < line.length; cut += 1) lines.push(Buffer.from(line.slice(0, cut)));
  while (lines.length < count) {
    let line = bases[Math.floor(random() * bases.length)] as string;
    const rounds = 1 + Math.floor(random() * 3);
    for (let round = 0; round < rounds; round += 1) line = mutate(line, random).toString('latin1');
    lines.push(Buffer.from(line, 'latin1'));
  }
  return lines;
}

describe('MetricLineScanner against JSON.parse, fuzzed', () => {
  it('accepts only what the JSON.parse path accepts, with the same fields and time (30,000 lines)', () => {
    const scanner = new MetricLineScanner();
    const differences: string[] = [];
    let accepted = 0;
    let decisions = 0;
    let invalidJson = 0;
    for (const line of createFuzzLines(30_000, 42)) {
      const fields = scanner.scan(line, 0, line.length);
      try {
        JSON.parse(line.toString('utf8'));
      } catch {
        invalidJson += 1;
      }
      if (fields === undefined) continue;
      accepted += 1;
      if (fields === DECISION) decisions += 1;
      const scanned = { fields: copyFields(fields), time: scanner.time };
      const expected = parseReference(line);
      if (!isDeepStrictEqual(scanned, expected))
        differences.push(`${line.toString('latin1')}: ${JSON.stringify(scanned)}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // Not vacuous: many mutated lines stay valid records, and many become invalid JSON.
    expect(accepted).toBeGreaterThan(2000);
    expect(decisions).toBeGreaterThan(300);
    expect(invalidJson).toBeGreaterThan(5000);
  });
});

describe('readRecordRange with the scanner, fuzzed', () => {
  it('reports the same records, counts and problems (file:line and reason) as the JSON.parse path', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'metrics-scan-'));
    try {
      const lines = createFuzzLines(4_000, 7);
      const file = path.join(directory, 'routing_metrics.jsonl');
      await writeFile(file, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));
      const read = async (fields: 'summary' | 'all'): Promise<[ReadStatistics, object[]]> => {
        const records: object[] = [];
        const statistics = await readRecordRange({
          range: { file },
          inOrder: true,
          fields,
          onMetric: (record: MetricFields | RoutingMetric, time: number) =>
            records.push({ ...('type' in record ? pickMetricFields(record) : copyMetricFields(record)), time }),
        } as Parameters<typeof readRecordRange>[0]);
        return [statistics, records];
      };
      const [scanned, scannedRecords] = await read('summary');
      const [parsed, parsedRecords] = await read('all');
      expect(scanned).toEqual(parsed);
      expect(isDeepStrictEqual(scannedRecords, parsedRecords)).toBe(true);
      // Every line JSON.parse rejects is among the invalid ones, the first of them reported by number.
      const rejected = lines.flatMap((line, index) =>
        parseReference(line) === undefined && !isBlankOrRecord(line) ? [index + 1] : [],
      );
      expect(scanned.invalid).toBe(rejected.length);
      expect(scanned.problems.map((problem) => problem.line)).toEqual(rejected.slice(0, scanned.problems.length));
      expect(scanned.problems.length).toBe(MAX_PROBLEMS);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
