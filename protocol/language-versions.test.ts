import { describe, expect, it } from 'vitest';
import { isInPreviousFolder, isPreviousAttempt, previousFolderOf } from './language-versions.ts';

describe('isPreviousAttempt', () => {
  it('is an attempt a language switch put aside, at the root or in a problem folder', () => {
    expect(isPreviousAttempt('previous/typescript/solution.ts')).toBe(true);
    expect(isPreviousAttempt('2-lru-cache/previous/java/LRUCache.java')).toBe(true);
    expect(isPreviousAttempt('1-two-sum/previous/cpp/solution.cpp')).toBe(true);
  });

  it('is not the final code, nor a folder named previous elsewhere', () => {
    expect(isPreviousAttempt('solution.ts')).toBe(false);
    expect(isPreviousAttempt('1-two-sum/Solution.java')).toBe(false);
    expect(isPreviousAttempt('previous/notes.md')).toBe(false);
    expect(isPreviousAttempt('src/previous/java/A.java')).toBe(false);
    expect(isPreviousAttempt('previousx/java/A.java')).toBe(false);
  });
});

describe('the previous/ folder a switch reserves', () => {
  it('is locked whole, whatever a candidate would put in it', () => {
    expect(previousFolderOf('')).toBe('previous');
    expect(previousFolderOf('2-lru-cache')).toBe('2-lru-cache/previous');
    expect(isInPreviousFolder('previous')).toBe(true);
    expect(isInPreviousFolder('previous/notes.md')).toBe(true);
    expect(isInPreviousFolder('1-two-sum/previous/java/A.java')).toBe(true);
    expect(isInPreviousFolder('src/previous/A.java')).toBe(false);
    expect(isInPreviousFolder('previousx/A.java')).toBe(false);
  });
});
