import static org.junit.jupiter.api.Assertions.assertEquals;
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
