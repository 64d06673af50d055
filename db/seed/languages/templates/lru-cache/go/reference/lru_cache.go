package solution

import "container/list"

type entry struct{ key, value int }

type LRUCache struct {
	capacity int
	order    *list.List
	index    map[int]*list.Element
}

func NewLRUCache(capacity int) *LRUCache {
	return &LRUCache{capacity: capacity, order: list.New(), index: map[int]*list.Element{}}
}

func (c *LRUCache) Get(key int) (int, bool) {
	element, ok := c.index[key]
	if !ok {
		return 0, false
	}
	c.order.MoveToFront(element)
	return element.Value.(*entry).value, true
}

func (c *LRUCache) Put(key int, value int) {
	if element, ok := c.index[key]; ok {
		element.Value.(*entry).value = value
		c.order.MoveToFront(element)
		return
	}
	c.index[key] = c.order.PushFront(&entry{key, value})
	if c.order.Len() > c.capacity {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.index, last.Value.(*entry).key)
	}
}
