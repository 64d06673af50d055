#include <list>
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
