import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBiopipe } from './run-biopipe.js';

let home: string;
let env: Record<string, string>;

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'biopipe-templates-'));
  env = { HOME: home };
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('biopipe templates', () => {
  it('lists the built-in templates, and a user file overriding one by name', async () => {
    const dir = path.join(home, '.config', 'biopipe', 'templates');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'data-analysis.yaml'),
      'template_name: data-analysis\nversion: 3\nsystem: Lab rules.\n',
    );
    const result = await runBiopipe(['--json', 'templates', 'list'], { env });
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { name: string; version: number; origin: string }[];
    expect(listed.map((entry) => [entry.name, entry.version, entry.origin])).toEqual([
      ['biomedical-qa', 1, 'builtin'],
      ['data-analysis', 3, 'user'],
      ['orchestration-plan', 1, 'builtin'],
      ['workflow-code', 1, 'builtin'],
    ]);
  });

  it('shows a template as requests get it, header first', async () => {
    const result = await runBiopipe(['templates', 'show', 'orchestration-plan'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\[biopipe context template orchestration-plan@1\]\nYou are the workflow planner/);
  });

  it('validates files: exit 2 naming the file and line of each problem', async () => {
    const file = path.join(home, 'broken.yaml');
    writeFileSync(file, 'template_name: broken\nversion: 1\nsystm: typo\nsystem: |\n  Generated 2026-02-01.\n');
    const result = await runBiopipe(['templates', 'validate', file], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`${file}:3:1: systm: unknown key "systm"`);
    expect(result.stdout).toContain('Did you mean "system"?');
    expect(result.stdout).toMatch(/broken\.yaml:4:\d+: system: holds a date/);
    const unknown = await runBiopipe(['templates', 'show', 'nope'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown context template "nope"');
  });
});
