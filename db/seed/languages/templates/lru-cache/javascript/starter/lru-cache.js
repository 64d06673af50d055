export class LRUCache {
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
