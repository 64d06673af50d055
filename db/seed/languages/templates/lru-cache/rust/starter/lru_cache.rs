use std::collections::HashMap;

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
