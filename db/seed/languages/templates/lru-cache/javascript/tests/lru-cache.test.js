import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LRUCache } from './lru-cache.js';

test('returns what was put', () => {
  const cache = new LRUCache(2);
  cache.put(1, 1);
  assert.equal(cache.get(1), 1);
});

test('returns undefined for a missing key', () => {
  assert.equal(new LRUCache(1).get(7), undefined);
});

test('evicts the least recently used key', () => {
  const cache = new LRUCache(2);
  cache.put(1, 1);
  cache.put(2, 2);
  cache.get(1);
  cache.put(3, 3);
  assert.equal(cache.get(2), undefined);
  assert.equal(cache.get(1), 1);
});
