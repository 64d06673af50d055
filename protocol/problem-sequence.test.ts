import { describe, expect, it } from 'vitest';
import { normalizeWorkspacePath } from './paths.ts';
import { isInFolder, pathInFolder, problemFolder } from './problem-sequence.ts';

describe('problem folders', () => {
  it('keeps a single problem at the root, as every single-problem session was', () => {
    expect(problemFolder(0, 'Two Sum', 1)).toBe('');
    expect(pathInFolder('', 'solution.ts')).toBe('solution.ts');
    expect(isInFolder('', 'anything/at/all.ts')).toBe(true);
  });

  it('numbers and slugs the folders of several problems into safe workspace paths', () => {
    expect(problemFolder(1, 'LRU Cache', 2)).toBe('2-lru-cache');
    expect(problemFolder(0, '../../etc/passwd', 2)).toBe('1-etc-passwd');
    expect(problemFolder(2, '日本語', 3)).toBe('3-problem');
    const folder = problemFolder(0, `${'x'.repeat(300)}!`, 2);
    expect(normalizeWorkspacePath(pathInFolder(folder, 'solution.ts'))).toBe(
      `${folder}/solution.ts`,
    );
  });

  it('tells a folder’s files from another folder whose name starts the same', () => {
    expect(isInFolder('1-two-sum', '1-two-sum/solution.ts')).toBe(true);
    expect(isInFolder('1-two-sum', '1-two-sum-extra/solution.ts')).toBe(false);
  });
});
