import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonWithPositions } from './json-positions.ts';

describe('parseJsonWithPositions (jsonc-parser, strict JSON)', () => {
  it('gives the line each value starts on, falling back to its parent', () => {
    const parsed = parseJsonWithPositions(
      '{\n  "problems": [\n    {\n      "title": "A"\n    }\n  ]\n}',
    );
    expect(parsed.value).toEqual({ problems: [{ title: 'A' }] });
    expect(parsed.lineOf(['problems', 0, 'title'])).toBe(4);
    expect(parsed.lineOf(['problems', 0, 'missing'])).toBe(3);
  });

  it('refuses comments, trailing commas and trailing text with a line and column', () => {
    for (const [text, line] of [
      ['{\n  "a": 1, // note\n}', 2],
      ['{\n  "a": [1,\n  ]\n}', 3],
      ['{"a": 1} x', 1],
    ] as const) {
      expect(() => parseJsonWithPositions(text)).toThrow(JsonSyntaxError);
      try {
        parseJsonWithPositions(text);
      } catch (error) {
        expect((error as JsonSyntaxError).line, text).toBe(line);
      }
    }
  });

  it('keeps a "__proto__" key as data, as JSON.parse does', () => {
    const { value } = parseJsonWithPositions('{"__proto__": {"admin": true}}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__']);
  });
});
