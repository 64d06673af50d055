import { describe, expect, it } from 'vitest';
import { isPreviousAttempt } from './language-versions.ts';

describe('isPreviousAttempt', () => {
  it('is an attempt a language switch put aside, at the root or in a problem folder', () => {
    expect(isPreviousAttempt('previous/typescript/solution.ts')).toBe(true);
    expect(isPreviousAttempt('2-lru-cache/previous/java/LRUCache.java')).toBe(true);
    expect(isPreviousAttempt('1-two-sum/previous/cpp/solution.cpp')).toBe(true);
  });

  it('is not the final code, nor a folder the candidate named previous for something else', () => {
    expect(isPreviousAttempt('solution.ts')).toBe(false);
    expect(isPreviousAttempt('1-two-sum/Solution.java')).toBe(false);
    expect(isPreviousAttempt('previous/notes.md')).toBe(false);
    expect(isPreviousAttempt('src/previous/java/A.java')).toBe(false);
    expect(isPreviousAttempt('previousx/java/A.java')).toBe(false);
  });
});
