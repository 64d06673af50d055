package solution

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
