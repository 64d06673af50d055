import type { ComponentProps, ReactElement } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { CodeBlock } from '../ui/CodeBlock.tsx';

/** The language of a fenced block, from react-markdown's `language-x` class. */
function fenceLanguage(className: unknown): string {
  return typeof className === 'string' ? (/language-(\S+)/.exec(className)?.[1] ?? '') : '';
}

const components: Components = {
  // Headings move down one level: the page and the panel own h1 and h2.
  h1: (props) => <h2>{props.children}</h2>,
  h2: (props) => <h3>{props.children}</h3>,
  h3: (props) => <h4>{props.children}</h4>,
  h4: (props) => <h5>{props.children}</h5>,
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
  pre: ({ children }: ComponentProps<'pre'>) => {
    const code = children as ReactElement<{ className?: string; children?: unknown }>;
    const text = String(code?.props?.children ?? '').replace(/\n$/, '');
    return <CodeBlock code={text} language={fenceLanguage(code?.props?.className)} />;
  },
  table: ({ node: _node, ...props }) => (
    <div className="markdown-table">
      <table {...props} />
    </div>
  ),
};

/**
 * Renders Markdown (CommonMark and GFM: tables, task lists, strikethrough)
 * as React elements. Raw HTML is never rendered (`skipHtml`), and
 * react-markdown's URL filter drops javascript: and other unsafe links.
 */
export function Markdown({ source, className }: { source: string; className?: string }) {
  return (
    <div className={className ?? 'markdown'}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
