import assert from 'node:assert/strict';
import { test } from 'node:test';
import { twoSum } from './solution.js';

test('finds a pair at the start', () => {
  assert.deepEqual(twoSum([2, 7, 11, 15], 9), [0, 1]);
});

test('finds a pair in the middle', () => {
  assert.deepEqual(twoSum([3, 2, 4], 6), [1, 2]);
});

test('handles duplicates', () => {
  assert.deepEqual(twoSum([3, 3], 6), [0, 1]);
});
