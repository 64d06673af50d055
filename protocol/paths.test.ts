import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.ts';
import {
  findPathProblem,
  normalizeWorkspacePath,
  parentFolders,
  WorkspacePathError,
} from './paths.ts';

describe('workspace paths', () => {
  it('accepts ordinary relative paths and normalizes doubled slashes', () => {
    expect(normalizeWorkspacePath('src/main.ts')).toBe('src/main.ts');
    expect(normalizeWorkspacePath('src//lib/a-b_c.test.ts')).toBe('src/lib/a-b_c.test.ts');
  });

  it.each([
    ['', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['C:/x', 'absolute'],
    ['../x', 'traversal'],
    ['a/../../x', 'traversal'],
    ['a/./b', 'traversal'],
    ['a\u0000b', 'control_character'],
    ['a\\b', 'control_character'],
    ['a/b?c', 'bad_segment'],
    [' a', 'bad_segment'],
    ['x'.repeat(LIMITS.maxPathLength + 1), 'too_long'],
    [Array.from({ length: LIMITS.maxPathDepth + 1 }, () => 'd').join('/'), 'too_deep'],
  ])('refuses %j as %s', (path, problem) => {
    expect(findPathProblem(path)).toBe(problem);
    expect(() => normalizeWorkspacePath(path)).toThrow(WorkspacePathError);
  });

  it('lists parent folders nearest last', () => {
    expect(parentFolders('a/b/c.ts')).toEqual(['a', 'a/b']);
    expect(parentFolders('c.ts')).toEqual([]);
  });
});
