import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown.tsx';

const render = (source: string) => renderToStaticMarkup(<Markdown source={source} />);

describe('Markdown (react-markdown with GFM)', () => {
  it('renders headings one level down, paragraphs, lists and inline code', () => {
    const html = render(
      '# Two Sum\n\nGiven `nums`, return **indices**.\n\n- one\n- two\n\n1. first',
    );
    expect(html).toContain('<h2>Two Sum</h2>');
    expect(html).toContain('<p>Given <code>nums</code>, return <strong>indices</strong>.</p>');
    expect(html).toContain('<ul>');
    expect(html).toContain('<ol>');
  });

  it('renders GFM tables (in a scrolling wrapper) and task lists', () => {
    const html = render('| n | out |\n|---|-----|\n| 1 | 2 |\n\n- [x] done\n- [ ] open');
    expect(html).toMatch(/<div class="markdown-table"><table>/);
    expect(html).toContain('<td>2</td>');
    expect(html).toMatch(/<input type="checkbox" disabled="" checked=""\/>/);
  });

  it('renders a fenced block as a focusable code block naming its language', () => {
    const html = render('```ts\nconst a = 1 < 2;\n```');
    expect(html).toContain('<pre class="code-block" data-language="ts" tabindex="0">');
    expect(html).toContain('<code>const a = 1 &lt; 2;</code>');
  });

  it('never renders raw HTML and drops javascript: links', () => {
    const html = render('<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1)) <b>bold</b>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('javascript:');
    expect(render('[docs](https://example.com)')).toContain(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">docs</a>',
    );
  });

  it('does not read snake_case words as emphasis', () => {
    expect(render('use two_sum_fast here')).toBe(
      '<div class="markdown"><p>use two_sum_fast here</p></div>',
    );
  });
});
