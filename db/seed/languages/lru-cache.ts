import type { SeedLanguageVersions } from './types.ts';

/**
 * LRU Cache in the languages beside its TypeScript original (decision 023): a
 * class entry, constructed with the capacity and called through `get` (which
 * may return nothing) and `put`. Each wrong solution keeps one entry too many.
 */
export const lruCacheVersions: SeedLanguageVersions = {
  javascript: {
    module: 'lru-cache.js',
    starterFiles: [
      {
        path: 'lru-cache.js',
        content: `export class LRUCache {
  constructor(capacity) {
    this.capacity = capacity;
  }

  /** The value, or undefined when absent; marks the key as recently used. */
  get(key) {
    // Your code here
    return undefined;
  }

  /** Inserts or updates; when full, evicts the least recently used key first. */
  put(key, value) {
    // Your code here
  }
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'lru-cache.test.js',
        content: `import assert from 'node:assert/strict';
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
`,
      },
    ],
    referenceSolution: [
      {
        path: 'lru-cache.js',
        content: `export class LRUCache {
  constructor(capacity) {
    this.capacity = capacity;
    this.entries = new Map();
  }

  get(key) {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  put(key, value) {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value);
  }
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'lru-cache.js',
        content: `export class LRUCache {
  constructor(capacity) {
    this.capacity = capacity;
    this.entries = new Map();
  }

  get(key) {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key);
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  put(key, value) {
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value);
    this.entries.delete(key);
    this.entries.set(key, value);
  }
}
`,
      },
    ],
  },
  python: {
    module: 'lru_cache.py',
    starterFiles: [
      {
        path: 'lru_cache.py',
        content: `class LRUCache:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity

    def get(self, key: int) -> int | None:
        """The value, or None when absent; marks the key as recently used."""
        # Your code here
        return None

    def put(self, key: int, value: int) -> None:
        """Inserts or updates; when full, evicts the least recently used key first."""
        # Your code here
`,
      },
    ],
    visibleTests: [
      {
        path: 'test_lru_cache.py',
        content: `import unittest

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
`,
      },
    ],
    referenceSolution: [
      {
        path: 'lru_cache.py',
        content: `from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entries: OrderedDict[int, int] = OrderedDict()

    def get(self, key: int) -> int | None:
        if key not in self.entries:
            return None
        self.entries.move_to_end(key)
        return self.entries[key]

    def put(self, key: int, value: int) -> None:
        self.entries[key] = value
        self.entries.move_to_end(key)
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)
`,
      },
    ],
    wrongSolution: [
      {
        path: 'lru_cache.py',
        content: `from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entries: OrderedDict[int, int] = OrderedDict()

    def get(self, key: int) -> int | None:
        if key not in self.entries:
            return None
        self.entries.move_to_end(key)
        return self.entries[key]

    def put(self, key: int, value: int) -> None:
        if len(self.entries) > self.capacity:
            self.entries.popitem(last=False)
        self.entries[key] = value
        self.entries.move_to_end(key)
`,
      },
    ],
  },
  java: {
    module: 'LRUCache.java',
    starterFiles: [
      {
        path: 'LRUCache.java',
        content: `import java.util.HashMap;
import java.util.Map;

public class LRUCache {
    private final int capacity;

    public LRUCache(int capacity) {
        this.capacity = capacity;
    }

    /** The value, or null when absent; marks the key as recently used. */
    public Integer get(int key) {
        // Your code here
        return null;
    }

    /** Inserts or updates; when full, evicts the least recently used key first. */
    public void put(int key, int value) {
        // Your code here
    }
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'LRUCacheTest.java',
        content: `import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LRUCacheTest {
    @Test
    void returnsWhatWasPut() {
        LRUCache cache = new LRUCache(2);
        cache.put(1, 1);
        assertEquals(Integer.valueOf(1), cache.get(1));
    }

    @Test
    void returnsNullForAMissingKey() {
        assertNull(new LRUCache(1).get(7));
    }

    @Test
    void evictsTheLeastRecentlyUsedKey() {
        LRUCache cache = new LRUCache(2);
        cache.put(1, 1);
        cache.put(2, 2);
        cache.get(1);
        cache.put(3, 3);
        assertNull(cache.get(2));
        assertEquals(Integer.valueOf(1), cache.get(1));
    }
}
`,
      },
    ],
    referenceSolution: [
      {
        path: 'LRUCache.java',
        content: `import java.util.LinkedHashMap;
import java.util.Map;

public class LRUCache {
    private final int capacity;
    private final LinkedHashMap<Integer, Integer> entries;

    public LRUCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
                return size() > LRUCache.this.capacity;
            }
        };
    }

    public Integer get(int key) {
        return entries.get(key);
    }

    public void put(int key, int value) {
        entries.put(key, value);
    }
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'LRUCache.java',
        content: `import java.util.LinkedHashMap;
import java.util.Map;

public class LRUCache {
    private final int capacity;
    private final LinkedHashMap<Integer, Integer> entries;

    public LRUCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
                return size() > LRUCache.this.capacity + 1;
            }
        };
    }

    public Integer get(int key) {
        return entries.get(key);
    }

    public void put(int key, int value) {
        entries.put(key, value);
    }
}
`,
      },
    ],
  },
  cpp: {
    module: 'lru_cache.cpp',
    starterFiles: [
      {
        path: 'lru_cache.cpp',
        content: `#include <list>
#include <optional>
#include <unordered_map>

class LRUCache {
public:
    explicit LRUCache(int capacity) : capacity_(capacity) {}

    // The value, or std::nullopt when absent; marks the key as recently used.
    std::optional<int> get(int key) {
        // Your code here
        return std::nullopt;
    }

    // Inserts or updates; when full, evicts the least recently used key first.
    void put(int key, int value) {
        // Your code here
    }

private:
    int capacity_;
};
`,
      },
    ],
    visibleTests: [
      {
        path: 'lru_cache_test.cpp',
        content: `#include "tandem_test.hpp"
#include "lru_cache.cpp"

TEST(LRUCache, ReturnsWhatWasPut) {
    LRUCache cache(2);
    cache.put(1, 1);
    EXPECT_TRUE(cache.get(1) == 1);
}

TEST(LRUCache, ReturnsNulloptForAMissingKey) {
    LRUCache cache(1);
    EXPECT_FALSE(cache.get(7).has_value());
}

TEST(LRUCache, EvictsTheLeastRecentlyUsedKey) {
    LRUCache cache(2);
    cache.put(1, 1);
    cache.put(2, 2);
    cache.get(1);
    cache.put(3, 3);
    EXPECT_FALSE(cache.get(2).has_value());
    EXPECT_TRUE(cache.get(1) == 1);
}
`,
      },
    ],
    referenceSolution: [
      {
        path: 'lru_cache.cpp',
        content: `#include <list>
#include <optional>
#include <unordered_map>
#include <utility>

class LRUCache {
public:
    explicit LRUCache(int capacity) : capacity_(capacity) {}

    std::optional<int> get(int key) {
        auto found = index_.find(key);
        if (found == index_.end()) return std::nullopt;
        order_.splice(order_.begin(), order_, found->second);
        return found->second->second;
    }

    void put(int key, int value) {
        auto found = index_.find(key);
        if (found != index_.end()) {
            found->second->second = value;
            order_.splice(order_.begin(), order_, found->second);
            return;
        }
        order_.emplace_front(key, value);
        index_[key] = order_.begin();
        if ((int) order_.size() > capacity_) {
            index_.erase(order_.back().first);
            order_.pop_back();
        }
    }

private:
    int capacity_;
    std::list<std::pair<int, int>> order_;
    std::unordered_map<int, std::list<std::pair<int, int>>::iterator> index_;
};
`,
      },
    ],
    wrongSolution: [
      {
        path: 'lru_cache.cpp',
        content: `#include <list>
#include <optional>
#include <unordered_map>
#include <utility>

class LRUCache {
public:
    explicit LRUCache(int capacity) : capacity_(capacity) {}

    std::optional<int> get(int key) {
        auto found = index_.find(key);
        if (found == index_.end()) return std::nullopt;
        order_.splice(order_.begin(), order_, found->second);
        return found->second->second;
    }

    void put(int key, int value) {
        auto found = index_.find(key);
        if (found != index_.end()) {
            found->second->second = value;
            order_.splice(order_.begin(), order_, found->second);
            return;
        }
        if ((int) order_.size() > capacity_) {
            index_.erase(order_.back().first);
            order_.pop_back();
        }
        order_.emplace_front(key, value);
        index_[key] = order_.begin();
    }

private:
    int capacity_;
    std::list<std::pair<int, int>> order_;
    std::unordered_map<int, std::list<std::pair<int, int>>::iterator> index_;
};
`,
      },
    ],
  },
  go: {
    module: 'lru_cache.go',
    starterFiles: [
      { path: 'go.mod', content: 'module solution\n\ngo 1.19\n' },
      {
        path: 'lru_cache.go',
        content: `package solution

// LRUCache keeps at most capacity keys.
type LRUCache struct {
	capacity int
}

// NewLRUCache returns an empty cache.
func NewLRUCache(capacity int) *LRUCache {
	return &LRUCache{capacity: capacity}
}

// Get returns the value and true, or false when absent; it marks the key as recently used.
func (c *LRUCache) Get(key int) (int, bool) {
	// Your code here
	return 0, false
}

// Put inserts or updates; when full, it evicts the least recently used key first.
func (c *LRUCache) Put(key int, value int) {
	// Your code here
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'lru_cache_test.go',
        content: `package solution

import "testing"

func TestReturnsWhatWasPut(t *testing.T) {
	cache := NewLRUCache(2)
	cache.Put(1, 1)
	if got, ok := cache.Get(1); !ok || got != 1 {
		t.Errorf("Get(1) = %v, %v, want 1, true", got, ok)
	}
}

func TestReturnsFalseForAMissingKey(t *testing.T) {
	if _, ok := NewLRUCache(1).Get(7); ok {
		t.Errorf("Get(7) on an empty cache is present")
	}
}

func TestEvictsTheLeastRecentlyUsedKey(t *testing.T) {
	cache := NewLRUCache(2)
	cache.Put(1, 1)
	cache.Put(2, 2)
	cache.Get(1)
	cache.Put(3, 3)
	if _, ok := cache.Get(2); ok {
		t.Errorf("Get(2) is present, want evicted")
	}
	if got, ok := cache.Get(1); !ok || got != 1 {
		t.Errorf("Get(1) = %v, %v, want 1, true", got, ok)
	}
}
`,
      },
    ],
    referenceSolution: [
      {
        path: 'lru_cache.go',
        content: `package solution

import "container/list"

type entry struct{ key, value int }

type LRUCache struct {
	capacity int
	order    *list.List
	index    map[int]*list.Element
}

func NewLRUCache(capacity int) *LRUCache {
	return &LRUCache{capacity: capacity, order: list.New(), index: map[int]*list.Element{}}
}

func (c *LRUCache) Get(key int) (int, bool) {
	element, ok := c.index[key]
	if !ok {
		return 0, false
	}
	c.order.MoveToFront(element)
	return element.Value.(*entry).value, true
}

func (c *LRUCache) Put(key int, value int) {
	if element, ok := c.index[key]; ok {
		element.Value.(*entry).value = value
		c.order.MoveToFront(element)
		return
	}
	c.index[key] = c.order.PushFront(&entry{key, value})
	if c.order.Len() > c.capacity {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.index, last.Value.(*entry).key)
	}
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'lru_cache.go',
        content: `package solution

import "container/list"

type entry struct{ key, value int }

type LRUCache struct {
	capacity int
	order    *list.List
	index    map[int]*list.Element
}

func NewLRUCache(capacity int) *LRUCache {
	return &LRUCache{capacity: capacity, order: list.New(), index: map[int]*list.Element{}}
}

func (c *LRUCache) Get(key int) (int, bool) {
	element, ok := c.index[key]
	if !ok {
		return 0, false
	}
	c.order.MoveToFront(element)
	return element.Value.(*entry).value, true
}

func (c *LRUCache) Put(key int, value int) {
	if element, ok := c.index[key]; ok {
		element.Value.(*entry).value = value
		c.order.MoveToFront(element)
		return
	}
	if c.order.Len() > c.capacity {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.index, last.Value.(*entry).key)
	}
	c.index[key] = c.order.PushFront(&entry{key, value})
}
`,
      },
    ],
  },
  rust: {
    module: 'lru_cache.rs',
    starterFiles: [
      {
        path: 'lru_cache.rs',
        content: `use std::collections::HashMap;

pub struct LRUCache {
    capacity: usize,
}

impl LRUCache {
    pub fn new(capacity: i32) -> Self {
        LRUCache { capacity: capacity as usize }
    }

    /// The value, or None when absent; marks the key as recently used.
    pub fn get(&mut self, key: i32) -> Option<i32> {
        // Your code here
        None
    }

    /// Inserts or updates; when full, evicts the least recently used key first.
    pub fn put(&mut self, key: i32, value: i32) {
        // Your code here
    }
}
`,
      },
    ],
    visibleTests: [
      {
        path: 'lru_cache_test.rs',
        content: `#[path = "lru_cache.rs"]
mod lru_cache;

#[cfg(test)]
mod tests {
    use super::lru_cache::LRUCache;

    #[test]
    fn returns_what_was_put() {
        let mut cache = LRUCache::new(2);
        cache.put(1, 1);
        assert_eq!(cache.get(1), Some(1));
    }

    #[test]
    fn returns_none_for_a_missing_key() {
        assert_eq!(LRUCache::new(1).get(7), None);
    }

    #[test]
    fn evicts_the_least_recently_used_key() {
        let mut cache = LRUCache::new(2);
        cache.put(1, 1);
        cache.put(2, 2);
        cache.get(1);
        cache.put(3, 3);
        assert_eq!(cache.get(2), None);
        assert_eq!(cache.get(1), Some(1));
    }
}
`,
      },
    ],
    referenceSolution: [
      {
        path: 'lru_cache.rs',
        content: `use std::collections::{BTreeMap, HashMap};

/// Each key remembers when it was last used; the oldest use is evicted first.
pub struct LRUCache {
    capacity: usize,
    clock: u64,
    entries: HashMap<i32, (i32, u64)>,
    uses: BTreeMap<u64, i32>,
}

impl LRUCache {
    pub fn new(capacity: i32) -> Self {
        LRUCache { capacity: capacity as usize, clock: 0, entries: HashMap::new(), uses: BTreeMap::new() }
    }

    fn touch(&mut self, key: i32, value: i32) {
        if let Some((_, used)) = self.entries.get(&key) {
            self.uses.remove(used);
        }
        self.clock += 1;
        self.entries.insert(key, (value, self.clock));
        self.uses.insert(self.clock, key);
    }

    pub fn get(&mut self, key: i32) -> Option<i32> {
        let value = self.entries.get(&key)?.0;
        self.touch(key, value);
        Some(value)
    }

    pub fn put(&mut self, key: i32, value: i32) {
        self.touch(key, value);
        if self.entries.len() > self.capacity {
            let (&used, &oldest) = self.uses.iter().next().unwrap();
            self.uses.remove(&used);
            self.entries.remove(&oldest);
        }
    }
}
`,
      },
    ],
    wrongSolution: [
      {
        path: 'lru_cache.rs',
        content: `use std::collections::{BTreeMap, HashMap};

pub struct LRUCache {
    capacity: usize,
    clock: u64,
    entries: HashMap<i32, (i32, u64)>,
    uses: BTreeMap<u64, i32>,
}

impl LRUCache {
    pub fn new(capacity: i32) -> Self {
        LRUCache { capacity: capacity as usize, clock: 0, entries: HashMap::new(), uses: BTreeMap::new() }
    }

    fn touch(&mut self, key: i32, value: i32) {
        if let Some((_, used)) = self.entries.get(&key) {
            self.uses.remove(used);
        }
        self.clock += 1;
        self.entries.insert(key, (value, self.clock));
        self.uses.insert(self.clock, key);
    }

    pub fn get(&mut self, key: i32) -> Option<i32> {
        let value = self.entries.get(&key)?.0;
        self.touch(key, value);
        Some(value)
    }

    pub fn put(&mut self, key: i32, value: i32) {
        if self.entries.len() > self.capacity {
            let (&used, &oldest) = self.uses.iter().next().unwrap();
            self.uses.remove(&used);
            self.entries.remove(&oldest);
        }
        self.touch(key, value);
    }
}
`,
      },
    ],
  },
};
