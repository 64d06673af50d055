use std::collections::{BTreeMap, HashMap};

pub struct LRUCache {
    capacity: usize,
    clock: u64,
    entries: HashMap<i32, (i32, u64)>,
    uses: BTreeMap<u64, i32>,
}

impl LRUCache {
    pub fn new(capacity: i32) -> Self {
        LRUCache { capacity: capacity as usize, clock: 0, entries: HashMap::new(), uses: BTreeMap::new() }
    }

    fn touch(&mut self, key: i32, value: i32) {
        if let Some((_, used)) = self.entries.get(&key) {
            self.uses.remove(used);
        }
        self.clock += 1;
        self.entries.insert(key, (value, self.clock));
        self.uses.insert(self.clock, key);
    }

    pub fn get(&mut self, key: i32) -> Option<i32> {
        let value = self.entries.get(&key)?.0;
        self.touch(key, value);
        Some(value)
    }

    pub fn put(&mut self, key: i32, value: i32) {
        if self.entries.len() > self.capacity {
            let (&used, &oldest) = self.uses.iter().next().unwrap();
            self.uses.remove(&used);
            self.entries.remove(&oldest);
        }
        self.touch(key, value);
    }
}
