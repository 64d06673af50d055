import { useSyncExternalStore } from 'react';

/** Highlights a code block as HTML; the editor bundle provides it once loaded. */
export type Colorize = (code: string, language: string) => Promise<string>;

let current: Colorize | null = null;
const listeners = new Set<() => void>();

/**
 * Called by the pages that load the editor bundle (workspace, observer,
 * replay, question editor): code blocks rendered before it arrived re-render
 * highlighted. Pages without the bundle keep plain, readable code.
 */
export function provideColorizer(colorize: Colorize): void {
  if (current === colorize) return;
  current = colorize;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The colorizer, or null until (or unless) the editor bundle is on the page. */
export function useColorizer(): Colorize | null {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => null,
  );
}
