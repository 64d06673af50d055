class LRUCache:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity

    def get(self, key: int) -> int | None:
        """The value, or None when absent; marks the key as recently used."""
        # Your code here
        return None

    def put(self, key: int, value: int) -> None:
        """Inserts or updates; when full, evicts the least recently used key first."""
        # Your code here
