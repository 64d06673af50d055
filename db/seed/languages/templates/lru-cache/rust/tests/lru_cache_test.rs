#[path = "lru_cache.rs"]
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
