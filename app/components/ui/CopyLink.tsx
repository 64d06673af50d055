import { useEffect, useRef, useState } from 'react';

/**
 * A link shown to copy: the address in a read-only field (selectable by
 * hand) and a "Copy link" button that puts it on the clipboard and says so.
 */
export function CopyLink(props: { link: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const field = useRef<HTMLInputElement>(null);
  // A new link is not "copied" yet.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the link changes
  useEffect(() => setState('idle'), [props.link]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.link);
      setState('copied');
    } catch {
      // No clipboard permission (or not a secure context): select it for Ctrl+C.
      field.current?.select();
      setState('failed');
    }
  };
  return (
    <div className="copy-link">
      <input
        ref={field}
        readOnly
        value={props.link}
        aria-label={props.label ?? 'Invitation link'}
        onFocus={(event) => event.currentTarget.select()}
      />
      <button type="button" className="secondary small" onClick={copy}>
        Copy link
      </button>
      <span role="status" className="copy-link-status small">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Press Ctrl+C to copy' : ''}
      </span>
    </div>
  );
}
