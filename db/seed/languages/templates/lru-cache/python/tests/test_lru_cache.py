import unittest

from lru_cache import LRUCache


class LRUCacheTest(unittest.TestCase):
    def test_returns_what_was_put(self):
        cache = LRUCache(2)
        cache.put(1, 1)
        self.assertEqual(cache.get(1), 1)

    def test_returns_none_for_a_missing_key(self):
        self.assertIsNone(LRUCache(1).get(7))

    def test_evicts_the_least_recently_used_key(self):
        cache = LRUCache(2)
        cache.put(1, 1)
        cache.put(2, 2)
        cache.get(1)
        cache.put(3, 3)
        self.assertIsNone(cache.get(2))
        self.assertEqual(cache.get(1), 1)
