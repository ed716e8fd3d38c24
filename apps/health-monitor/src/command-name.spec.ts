import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess } from '@biopipe/core/testing';
import { commandName } from './command-name.js';

const main = path.resolve(import.meta.dirname, '../dist/main.js');
const scratch = mkdtempSync(path.join(tmpdir(), 'monitor-name-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the usage line names the command the user ran', () => {
  it('takes the script name without its extension, and the fallback for the development entry', () => {
    expect(commandName('/opt/biopipe/bin/biopipe-monitor', 'health-monitor')).toBe('biopipe-monitor');
    expect(commandName('/opt/lib/biopipe/dist/biopipe-monitor.js', 'health-monitor')).toBe('biopipe-monitor');
    expect(commandName('/repo/apps/health-monitor/dist/main.js', 'health-monitor')).toBe('health-monitor');
    expect(commandName(undefined, 'health-monitor')).toBe('health-monitor');
    expect(commandName('', 'health-monitor')).toBe('health-monitor');
  });

  it('biopipe-monitor --help (a link named after the bin, as npm installs it) says "Usage: biopipe-monitor"', async () => {
    const link = path.join(scratch, 'biopipe-monitor');
    symlinkSync(main, link);
    const result = await runProcess(process.execPath, [link, '--help'], { env: { PATH: process.env['PATH'] ?? '' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: biopipe-monitor \[options\]/);
    expect(result.stdout).not.toContain('health-monitor [options]');
  });

  it('the development entry says "Usage: health-monitor", not "main"', async () => {
    const result = await runProcess(process.execPath, [main, '--help'], { env: { PATH: process.env['PATH'] ?? '' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: health-monitor \[options\]/);
  });
});
