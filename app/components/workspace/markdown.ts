/**
 * A small Markdown parser for problem descriptions: headings, paragraphs,
 * lists, fenced code, block quotes, rules; inline code, bold, italic and
 * links. It produces a tree that Markdown.tsx renders as React elements, so
 * no HTML from a description ever reaches the page (raw HTML stays text).
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'code'; language: string; text: string }
  | { type: 'quote'; children: Inline[] }
  | { type: 'rule' };

const SAFE_LINK = /^(https?:|mailto:)/i;

/** Parses Markdown into blocks. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0)
      blocks.push({ type: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*(```+|~~~+)\s*([\w+-]*)/.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      const close = fence[1]!;
      while (++i < lines.length && !lines[i]!.trim().startsWith(close)) body.push(lines[i]!);
      blocks.push({ type: 'code', language: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = Math.min(heading[1]!.length, 4) as 1 | 2 | 3 | 4;
      blocks.push({ type: 'heading', level, children: parseInline(heading[2]!) });
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      blocks.push({ type: 'rule' });
      continue;
    }
    const item = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1]!);
      const items: Inline[][] = [];
      let current = item[2]!;
      while (++i < lines.length) {
        const next = lines[i]!;
        const nextItem = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(next);
        if (nextItem && /\d/.test(nextItem[1]!) === ordered) {
          items.push(parseInline(current));
          current = nextItem[2]!;
        } else if (next.trim() !== '' && /^\s{2,}/.test(next)) {
          current += ` ${next.trim()}`;
        } else {
          break;
        }
      }
      items.push(parseInline(current));
      blocks.push({ type: 'list', ordered, items });
      i--;
      continue;
    }
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (quote) {
      flush();
      const body = [quote[1]!];
      while (i + 1 < lines.length && /^\s*>/.test(lines[i + 1]!)) {
        body.push(lines[++i]!.replace(/^\s*>\s?/, ''));
      }
      blocks.push({ type: 'quote', children: parseInline(body.join(' ')) });
      continue;
    }
    if (line.trim() === '') flush();
    else paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** Parses inline code, links, bold and italic; everything else is text. */
export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const pushText = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const code = /^(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/.exec(rest);
    if (code) {
      pushText();
      out.push({ type: 'code', text: code[2]!.trim() || code[2]! });
      i += code[0].length;
      continue;
    }
    const link = /^\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/.exec(rest);
    if (link) {
      pushText();
      const href = link[2]!;
      const children = parseInline(link[1]!);
      if (SAFE_LINK.test(href)) out.push({ type: 'link', href, children });
      else out.push(...children);
      i += link[0].length;
      continue;
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong) {
      pushText();
      out.push({ type: 'strong', children: parseInline(strong[2]!) });
      i += strong[0].length;
      continue;
    }
    const em = /^(\*|_)(?=\S)([\s\S]*?\S)\1(?![*_\w])/.exec(rest);
    if (em && (em[1] === '*' || !/\w/.test(source[i - 1] ?? ''))) {
      pushText();
      out.push({ type: 'em', children: parseInline(em[2]!) });
      i += em[0].length;
      continue;
    }
    text += source[i];
    i++;
  }
  pushText();
  return out;
}
