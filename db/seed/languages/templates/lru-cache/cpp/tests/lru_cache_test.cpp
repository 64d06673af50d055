#include "tandem_test.hpp"
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
