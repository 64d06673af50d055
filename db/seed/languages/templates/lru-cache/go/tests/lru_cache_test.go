package solution

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
