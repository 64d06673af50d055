import { useEffect, useState } from 'react';
import { useColorizer } from './code-colorizer.ts';

/**
 * A code block in prose (problem statements, AI answers): highlighted with
 * the editor's colours once the editor bundle is on the page, scrolled
 * sideways inside its own box (never cut off, never widening the panel).
 */
export function CodeBlock(props: { code: string; language?: string; className?: string }) {
  const colorize = useColorizer();
  const [html, setHtml] = useState<string | null>(null);
  const language = props.language ?? '';
  useEffect(() => {
    setHtml(null);
    if (!colorize) return;
    let current = true;
    colorize(props.code, language)
      .then((highlighted) => {
        if (current) setHtml(highlighted);
      })
      .catch(() => {
        // Plain text stays on screen.
      });
    return () => {
      current = false;
    };
  }, [colorize, props.code, language]);
  return (
    <pre
      className={`code-block${props.className ? ` ${props.className}` : ''}`}
      data-language={language || undefined}
      // A scrollable region must be reachable by keyboard (WCAG 2.1.1).
      // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable code needs focus to scroll
      tabIndex={0}
    >
      {html === null ? (
        <code>{props.code}</code>
      ) : (
        // Monaco's colorize escapes the text; the markup is only its token spans.
        // biome-ignore lint/security/noDangerouslySetInnerHtml: escaped by Monaco's colorize
        <code dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </pre>
  );
}
