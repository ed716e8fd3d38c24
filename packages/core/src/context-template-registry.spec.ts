import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigValidationError } from './config-errors.js';
import { TemplateRegistry, loadContextTemplate } from './context-template-registry.js';

const made: string[] = [];
function configDir(templates: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'biopipe-templates-'));
  made.push(dir);
  mkdirSync(path.join(dir, 'templates'));
  for (const [name, text] of Object.entries(templates)) writeFileSync(path.join(dir, 'templates', name), text);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('TemplateRegistry', () => {
  it('ships byte-stable built-in templates that all validate', () => {
    const registry = new TemplateRegistry({ env: {} });
    expect(registry.names()).toEqual(
      expect.arrayContaining(['orchestration-plan', 'workflow-code', 'data-analysis', 'biomedical-qa']),
    );
    for (const entry of registry.list()) expect(entry.error).toBeUndefined();
    expect(registry.load('workflow-code')).toBe(registry.load('workflow-code'));
  });

  it('lets a user directory override a built-in template by name, as profiles are overridden', () => {
    const user = configDir({
      'workflow-code.yaml': 'template_name: workflow-code\nversion: 7\nsystem: |\n  Our lab writes Snakemake only.\n',
    });
    const registry = new TemplateRegistry({ env: {}, configDirs: [user] });
    expect(registry.load('workflow-code')).toMatchObject({ version: 7, system: 'Our lab writes Snakemake only.\n' });
    expect(registry.list().find((entry) => entry.name === 'workflow-code')).toMatchObject({
      origin: 'user',
      overridesBuiltin: true,
    });
  });

  it('names the line of a broken template and refuses text that would change per request', () => {
    const dir = configDir({
      'broken.yaml': 'template_name: broken\nversion: 1\nsystem: |\n  Built {{ today }} on 2026-01-05\nextra: 1\n',
    });
    let caught: unknown;
    try {
      loadContextTemplate(path.join(dir, 'templates', 'broken.yaml'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const problems = (caught as ConfigValidationError).problems;
    expect(problems.map((problem) => [problem.path, problem.line])).toEqual(
      expect.arrayContaining([
        ['extra', 5],
        ['system', 3],
      ]),
    );
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(/a date.*byte-stable/);
  });

  it('refuses a template whose name differs from its file, and says which names exist', () => {
    const user = configDir({ 'mine.yaml': 'template_name: other\nversion: 1\nsystem: hi\n' });
    const registry = new TemplateRegistry({ env: {}, configDirs: [user] });
    expect(() => registry.load('mine')).toThrow(/template_name is "other" but the file is named mine.yaml/);
    expect(() => registry.load('workflow-cod')).toThrow(/Did you mean "workflow-code"/);
    expect(() => registry.load('../etc/passwd')).toThrow(/Unknown context template/);
  });
});
