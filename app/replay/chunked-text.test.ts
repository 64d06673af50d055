import { describe, expect, it } from 'vitest';
import { ChunkedText, originString } from './chunked-text.ts';
import { pseudoRandom } from './fixtures/random.ts';

describe('ChunkedText', () => {
  it('matches a plain string under random inserts and deletes of every size', () => {
    const random = pseudoRandom(3);
    const text = new ChunkedText([], 16);
    let model = '';
    let origins = '';
    for (let i = 0; i < 3000; i++) {
      const position = Math.floor(random() * (model.length + 1));
      const remove =
        random() < 0.4 ? Math.floor(random() * Math.min(80, model.length - position + 1)) : 0;
      const length = random() < 0.05 ? 100 : Math.floor(random() * 4);
      const insert = 'abcdefghij'.repeat(11).slice(0, length);
      const code = i % 5;
      const removed = text.splice(position, remove, insert, originString(code, insert.length));
      expect(removed.text).toBe(model.slice(position, position + remove));
      model = model.slice(0, position) + insert + model.slice(position + remove);
      origins =
        origins.slice(0, position) +
        originString(code, insert.length) +
        origins.slice(position + remove);
    }
    expect(text.text()).toBe(model);
    expect(text.origins()).toBe(origins);
    expect(text.length).toBe(model.length);
  });

  it('keeps a snapshot unchanged while the text goes on changing', () => {
    const text = ChunkedText.from('x'.repeat(100), 1, 16);
    const snapshot = text.snapshot();
    text.splice(50, 10, 'hello', originString(2, 5));
    text.splice(0, 0, 'start', originString(3, 5));
    expect(new ChunkedText(snapshot, 16).text()).toBe('x'.repeat(100));
    expect(text.text()).toBe(`start${'x'.repeat(50)}hello${'x'.repeat(40)}`);
  });

  it('rejects a splice outside the text', () => {
    const text = ChunkedText.from('abc', 0);
    expect(() => text.splice(2, 5, '', '')).toThrow(RangeError);
  });
});
