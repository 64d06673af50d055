import { useEffect, useRef, useState } from 'react';

/** The inline name field of the file tree: Enter commits, Escape (or leaving it) cancels. */
export function FileNameInput(props: {
  label: string;
  initial: string;
  onCommit(name: string): void;
  onCancel(): void;
}) {
  const [value, setValue] = useState(props.initial);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    element.focus();
    // Select the name without its extension, as editors do.
    const dot = props.initial.lastIndexOf('.');
    element.setSelectionRange(0, dot > 0 ? dot : props.initial.length);
  }, [props.initial]);
  return (
    <input
      ref={input}
      className="tree-input"
      aria-label={props.label}
      value={value}
      spellCheck={false}
      onChange={(event) => setValue(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          if (value.trim()) props.onCommit(value.trim());
          else props.onCancel();
        } else if (event.key === 'Escape') {
          event.preventDefault();
          props.onCancel();
        }
      }}
      onBlur={props.onCancel}
    />
  );
}
