import { Children, type ReactNode, useMemo } from 'react';
import { type Block, type Inline, parseMarkdown } from './markdown.ts';

// Children.toArray gives the (static, never reordered) nodes their keys.
function renderInline(nodes: Inline[]): ReactNode[] {
  return Children.toArray(nodes.map(renderInlineNode));
}

function renderInlineNode(node: Inline): ReactNode {
  switch (node.type) {
    case 'text':
      return node.text;
    case 'code':
      return <code>{node.text}</code>;
    case 'strong':
      return <strong>{renderInline(node.children)}</strong>;
    case 'em':
      return <em>{renderInline(node.children)}</em>;
    case 'link':
      return (
        <a href={node.href} target="_blank" rel="noopener noreferrer">
          {renderInline(node.children)}
        </a>
      );
  }
  return null;
}

function renderListItem(item: Inline[]): ReactNode {
  return <li>{renderInline(item)}</li>;
}

function renderBlock(block: Block): ReactNode {
  switch (block.type) {
    case 'heading': {
      const Tag = `h${block.level + 1}` as 'h2' | 'h3' | 'h4' | 'h5';
      return <Tag>{renderInline(block.children)}</Tag>;
    }
    case 'paragraph':
      return <p>{renderInline(block.children)}</p>;
    case 'list': {
      const items = Children.toArray(block.items.map(renderListItem));
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'code':
      return (
        <pre data-language={block.language || undefined}>
          <code>{block.text}</code>
        </pre>
      );
    case 'quote':
      return <blockquote>{renderInline(block.children)}</blockquote>;
    case 'rule':
      return <hr />;
  }
  return null;
}

/** Renders Markdown as React elements (see markdown.ts: no HTML is ever injected). */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return <div className={className ?? 'markdown'}>{Children.toArray(blocks.map(renderBlock))}</div>;
}
