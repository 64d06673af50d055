import { useEffect, useRef } from 'react';

/** The interview's keyboard shortcuts (seed 3.2), listed in the help overlay. */
export const SHORTCUTS = [
  { keys: 'Ctrl/Cmd + S', action: 'Save (your work saves itself; this confirms it is synced)' },
  { keys: 'Ctrl + Enter', action: 'Run the tests' },
  { keys: 'Ctrl + /', action: 'Show or hide the AI assistant' },
  { keys: '?', action: 'Show this help (outside the editor)' },
  { keys: 'Esc', action: 'Close dialogs' },
] as const;

export interface ShortcutHandlers {
  onSave: () => void;
  onRunTests: () => void;
  onToggleChat: () => void;
  onHelp: () => void;
}

function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    Boolean(target.closest('.monaco-editor'))
  );
}

/** Registers the shortcuts on the document; capture phase so Monaco does not swallow them. */
export function useInterviewShortcuts(
  handlers: ShortcutHandlers,
  record?: (key: string) => void,
): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      let name: string | null = null;
      if (mod && event.key.toLowerCase() === 's') {
        latest.current.onSave();
        name = 'save';
      } else if (event.ctrlKey && event.key === 'Enter') {
        latest.current.onRunTests();
        name = 'run-tests';
      } else if (event.ctrlKey && event.key === '/') {
        latest.current.onToggleChat();
        name = 'toggle-chat';
      } else if (event.key === '?' && !mod && !typingInField(event.target)) {
        latest.current.onHelp();
        name = 'help';
      }
      if (name) {
        event.preventDefault();
        event.stopPropagation();
        record?.(name);
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [record]);
}
