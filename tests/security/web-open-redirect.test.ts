import { describe, expect, it } from 'vitest';
import { safeRedirect } from '../../app/auth/safe-redirect.ts';

/**
 * Attack (issue 12): after login, `redirectTo=/\evil.example` sent the
 * browser to `http://evil.example/` (browsers read a backslash as a slash).
 * Now the login page and its action keep only paths on this origin; anything
 * else goes to /dashboard.
 */
describe('the redirect after login', () => {
  for (const hostile of [
    '/\\evil.example',
    '//evil.example',
    '/\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '',
    null,
  ]) {
    it(`sends ${JSON.stringify(hostile)} to the dashboard`, () => {
      expect(safeRedirect(hostile)).toBe('/dashboard');
    });
  }

  it('keeps a path on this origin with its query and hash', () => {
    expect(safeRedirect('/candidates/42?page=2#notes')).toBe('/candidates/42?page=2#notes');
  });

  it('resolves dot segments without leaving the origin', () => {
    expect(safeRedirect('/a/../../settings')).toBe('/settings');
  });
});
