import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, UnknownProfileError } from './config-errors.js';
import { BiopipeError, hintToPrint, normalizeError } from './errors.js';
import { EXIT_CODES, exitCodeFor } from './exit-codes.js';
import { CascadeExhaustedError, CloudDisallowedError } from './routing-errors.js';

describe('errors', () => {
  it('recognises a BiopipeError from another copy of the package by its marker', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('biopipe.error')]: true, code: 'usage' });
    expect(BiopipeError.isInstance(foreign)).toBe(true);
    expect(BiopipeError.isInstance(new Error('plain'))).toBe(false);
    expect(BiopipeError.isInstance(new UnknownProfileError('x', ['a']))).toBe(true);
  });

  it('normalises unknown throws once, and leaves ours alone', () => {
    const ours = new UnknownProfileError('x', ['a']);
    expect(normalizeError(ours)).toBe(ours);
    expect(normalizeError('boom')).toMatchObject({ code: 'internal', message: 'Unexpected error: boom' });
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    expect(normalizeError(abort).code).toBe('aborted');
  });

  it('maps error classes to the exit codes of DESIGN.md', () => {
    expect(exitCodeFor('unknown_profile')).toBe(2);
    expect(exitCodeFor('config_invalid')).toBe(2);
    expect(exitCodeFor(new CloudDisallowedError('t4_local_only', 'coder', []).code)).toBe(3);
    expect(exitCodeFor('cascade_exhausted')).toBe(1);
    expect(exitCodeFor('aborted')).toBe(130);
    expect(new Set(Object.values(EXIT_CODES))).toEqual(new Set([1, 2, 3, 130]));
  });

  it('exits 3 when no backend of the cascade was reached, and 1 when one took the request and failed', () => {
    const attempt = (target: string, outcome: 'error' | 'skipped', errorClass: string) => ({
      target,
      endpoint: null,
      model: null,
      outcome,
      error_class: errorClass,
      duration_ms: 0,
    });
    const unreached = new CascadeExhaustedError([
      attempt('generalist', 'error', 'refused'),
      attempt('sim-deepseek', 'skipped', 'no-key'),
    ]);
    expect(unreached.code).toBe('no_backend_available');
    expect(exitCodeFor(unreached.code)).toBe(3);
    expect(unreached.message).toMatch(/^No backend could be reached \(generalist: refused; sim-deepseek: no-key\)/);
    const failed = new CascadeExhaustedError([
      attempt('generalist', 'error', 'refused'),
      attempt('sim-deepseek', 'error', 'http-500'),
    ]);
    expect(failed.code).toBe('cascade_exhausted');
    expect(exitCodeFor(failed.code)).toBe(1);
  });

  it('names the role and the PHI reason when the cloud is disallowed', () => {
    const error = new CloudDisallowedError('t4_local_only', 'coder', [
      {
        target: 'coder',
        endpoint: 'http://n:8002',
        model: null,
        outcome: 'error',
        error_class: 'refused',
        duration_ms: 1,
      },
    ]);
    expect(error.message).toMatch(
      /Local role "coder" is unavailable and strategy "t4_local_only" does not allow the cloud/,
    );
    expect(error.message).toMatch(/http:\/\/n:8002: refused/);
  });

  it('prints a hint once: on its own line, unless the message already carries it', () => {
    expect(hintToPrint(new BiopipeError('usage', 'Bad flag.', { hint: 'Use --port.' }))).toBe('Use --port.');
    expect(hintToPrint(new BiopipeError('usage', 'Bad flag.'))).toBeUndefined();
    const located = new ConfigValidationError('p.yaml', [
      {
        path: 'alow_cloud',
        message: 'unknown key "alow_cloud"',
        hint: 'Did you mean "allow_cloud"?',
        line: 2,
        column: 1,
      },
    ]);
    expect(located.message).toContain('Did you mean "allow_cloud"?');
    expect(hintToPrint(located)).toBeUndefined();
  });
});
