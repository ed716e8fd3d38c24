import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '@biopipe/core';
import { parseVllmFleet } from './parse-vllm-fleet.js';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'vllm-fleet-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

function problem(value: string): string {
  try {
    parseVllmFleet(value);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return `${(error as UsageError).message} ${(error as UsageError).hint ?? ''}`;
  }
  throw new Error(`${value} was accepted`);
}

describe('parseVllmFleet', () => {
  it('reads role=url pairs, keeps replicas in order and drops a trailing slash', () => {
    const fleet = parseVllmFleet(
      ' generalist=http://gpu-01:8001/, embeddings=http://gpu-02:8004,generalist=https://gpu-03:8001 ',
    );
    expect([...fleet]).toEqual([
      ['generalist', ['http://gpu-01:8001', 'https://gpu-03:8001']],
      ['embeddings', ['http://gpu-02:8004']],
    ]);
  });

  it('reads a fleet file: URLs, lists and { urls } at the top level or under vllm_endpoints', () => {
    const flat = write('flat.yaml', 'generalist: http://a:1\ncoder: [http://b:2, http://c:3]\n');
    expect([...parseVllmFleet(flat)]).toEqual([
      ['generalist', ['http://a:1']],
      ['coder', ['http://b:2', 'http://c:3']],
    ]);
    const profile = write(
      'profile.yaml',
      'profile_name: x\nvllm_endpoints:\n  math: { urls: ["http://m:3"], served_model_name: m }\n',
    );
    expect([...parseVllmFleet(profile)]).toEqual([['math', ['http://m:3']]]);
  });

  it('reads a file whose path holds "=" as a file', () => {
    const file = write('a=b.yaml', 'coder: http://b:2\n');
    expect([...parseVllmFleet(file)]).toEqual([['coder', ['http://b:2']]]);
  });

  it.each([
    ['generalist', 'cannot read the fleet file generalist'],
    ['generalist=', 'is not a URL'],
    ['=http://a:1', 'is not role=url'],
    ['Generalist=http://a:1', 'is not a role name'],
    ['generalist=ftp://a:1', 'is not an http(s) URL'],
    ['generalist=http://user:secret@a:1', 'carries credentials'],
  ])('rejects %j saying why (%s) and showing both forms', (value, reason) => {
    const message = problem(value);
    expect(message).toContain(reason);
    expect(message).toContain('role=url pairs separated by commas');
    expect(message).not.toContain('secret');
  });

  it('rejects a fleet file that maps a role to nothing usable, naming the file', () => {
    const file = write('bad.yaml', 'generalist: 42\n');
    expect(problem(file)).toContain(`${file}: role generalist needs a URL`);
    expect(problem(write('list.yaml', '- http://a:1\n'))).toContain('expected a mapping of role to URL');
    expect(problem(write('empty.yaml', '{}\n'))).toContain('names no server');
  });
});
