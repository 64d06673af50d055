import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown.ts';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs, lists and fenced code', () => {
    const blocks = parseMarkdown(
      '# Two Sum\n\nGiven `nums`,\nreturn **indices**.\n\n- one\n- two\n\n1. first\n2. second\n\n```ts\nconst a = 1;\n```',
    );
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'list', 'code']);
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      children: [
        { type: 'text', text: 'Given ' },
        { type: 'code', text: 'nums' },
        { type: 'text', text: ', return ' },
        { type: 'strong', children: [{ type: 'text', text: 'indices' }] },
        { type: 'text', text: '.' },
      ],
    });
    expect(blocks[3]).toMatchObject({ type: 'list', ordered: true });
    expect(blocks[4]).toEqual({ type: 'code', language: 'ts', text: 'const a = 1;' });
  });

  it('keeps raw HTML as text and drops links that are not http, https or mailto', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([
      { type: 'text', text: '<img src=x onerror=alert(1)>' },
    ]);
    expect(parseInline('[click](javascript:alert(1))')).toEqual([{ type: 'text', text: 'click' }]);
    expect(parseInline('[docs](https://example.com)')).toEqual([
      { type: 'link', href: 'https://example.com', children: [{ type: 'text', text: 'docs' }] },
    ]);
  });

  it('does not read snake_case words as emphasis', () => {
    expect(parseInline('use two_sum_fast here')).toEqual([
      { type: 'text', text: 'use two_sum_fast here' },
    ]);
  });
});
