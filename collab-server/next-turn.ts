/**
 * Resolves after the event loop has handled pending I/O. Work that runs on
 * the server's thread in long steps (PGlite queries) awaits this between
 * steps so that messages from clients are not held up for all of them.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
