import { useEffect, useRef, useState } from 'react';
import { openXterm, type XTerm } from '../terminal/open-xterm.ts';

/** Output rewritten after a backwards seek: enough for the scrollback, cheap to parse. */
const REWIND_TAIL_CHARS = 64 * 1024;

/**
 * The recorded terminal output up to the current instant, in a read-only
 * xterm (colours, carriage returns and clears as the candidate saw them).
 * Moving forwards writes only what is new; moving backwards clears the screen
 * and writes the tail of the output up to the instant again.
 */
export function ReplayTerminal({ outputs, count }: { outputs: string[]; count: number }) {
  const screenRef = useRef<HTMLElement>(null);
  const [term, setTerm] = useState<XTerm | null>(null);
  const written = useRef(0);

  useEffect(() => {
    const element = screenRef.current;
    if (!element) return;
    let disposed = false;
    let cleanup = () => {};
    void (async () => {
      const opened = await openXterm(element, { readOnly: true }, () => disposed);
      if (!opened) return;
      written.current = 0;
      setTerm(opened.term);
      cleanup = opened.dispose;
    })();
    return () => {
      disposed = true;
      setTerm(null);
      cleanup();
    };
  }, []);

  useEffect(() => {
    if (!term) return;
    if (count >= written.current) {
      const fresh = outputs.slice(written.current, count).join('');
      if (fresh) term.write(fresh);
    } else {
      term.reset();
      let tail = '';
      for (let i = count - 1; i >= 0 && tail.length < REWIND_TAIL_CHARS; i--) {
        tail = outputs[i]! + tail;
      }
      if (tail) term.write(tail.slice(-REWIND_TAIL_CHARS));
    }
    written.current = count;
  }, [term, outputs, count]);

  return (
    <div className="terminal replay-terminal">
      {count === 0 ? (
        <p className="terminal-status" role="status">
          No terminal output yet at this instant.
        </p>
      ) : null}
      <section
        ref={screenRef}
        className="terminal-screen"
        aria-label="Terminal output at this instant (read-only)"
      />
    </div>
  );
}
