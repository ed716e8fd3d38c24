import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runHealthMonitor } from './cli.js';
import { chooseLogFormat, createLogger } from './create-logger.js';

// The formatter and the flag only: nothing here reaches Slurm (a bad flag or duration stops first).
let stream: PassThrough;
let output: string;
let stateDirectory: string;
beforeEach(() => {
  stream = new PassThrough();
  output = '';
  stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  stateDirectory = mkdtempSync(path.join(tmpdir(), 'monitor-log-'));
});
afterEach(() => rmSync(stateDirectory, { recursive: true, force: true }));

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('health-monitor log lines', () => {
  it('are text on a terminal and JSON otherwise, unless --log-format says', () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true });
    expect(chooseLogFormat(undefined, terminal)).toBe('text');
    expect(chooseLogFormat(undefined, new PassThrough())).toBe('json');
    expect(chooseLogFormat('json', terminal)).toBe('json');
    expect(chooseLogFormat('text', new PassThrough())).toBe('text');
  });

  it('in text: time, level, message and fields, with credentials redacted as in JSON', async () => {
    const logger = createLogger('info', stream, 'text');
    logger.warn('restarting', { role: 'coder', job_id: '4711', url: 'http://admin:hunter2@t4-node-02:8002' });
    logger.debug('not at info');
    await flush();
    expect(output).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z warn {2}restarting role=coder job_id=4711 url=\S+\n$/);
    expect(output).not.toContain('hunter2');
    expect(output).not.toContain('{');
  });

  it('in JSON: one parseable object a line', async () => {
    createLogger('info', stream, 'json').info('round done', { healthy: 3 });
    await flush();
    expect(JSON.parse(output)).toMatchObject({ level: 'info', message: 'round done', healthy: 3 });
  });

  it('--log-format text prints errors readably; an unknown format is a usage error', async () => {
    const env = { BIOPIPELINES_STATE_DIR: stateDirectory, HOME: stateDirectory };
    expect(await runHealthMonitor(['--log-format', 'text', '--interval', '5x'], { env, stderr: stream })).toBe(2);
    await flush();
    expect(output).toMatch(/^\S+Z error +.*--interval must be a duration like 30s, 5m or 1h, got "5x"/m);
    expect(await runHealthMonitor(['--log-format', 'xml'], { env, stderr: stream })).toBe(2);
  });
});
