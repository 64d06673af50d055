import java.util.HashMap;
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
