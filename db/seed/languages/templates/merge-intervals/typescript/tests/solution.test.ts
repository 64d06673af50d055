import assert from 'node:assert/strict';
import { test } from 'node:test';
import { merge } from './solution.ts';

test('merges overlapping', () => {
  assert.deepEqual(merge([[1, 3], [2, 6], [8, 10], [15, 18]]), [[1, 6], [8, 10], [15, 18]]);
});

test('touching intervals merge', () => {
  assert.deepEqual(merge([[1, 4], [4, 5]]), [[1, 5]]);
});

test('unsorted input', () => {
  assert.deepEqual(merge([[8, 10], [1, 3], [2, 6]]), [[1, 6], [8, 10]]);
});
