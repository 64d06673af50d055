/** Limits every process enforces the same way. */
export const LIMITS = {
  /** Longest workspace path, in characters. */
  maxPathLength: 200,
  /** Deepest folder nesting. */
  maxPathDepth: 12,
  /** Files (not folders) in one session document. */
  maxFilesPerSession: 200,
  /** One incoming Yjs update, in bytes. */
  maxUpdateBytes: 512 * 1024,
  /**
   * One sync step 2 (what a reconnecting client had and the server lacked),
   * in bytes: a larger one held up every other session while it was applied.
   */
  maxSyncBytes: 1024 * 1024,
  /** One awareness (presence) message, in bytes. */
  maxAwarenessBytes: 16 * 1024,
  /** Awareness messages per second a connection may send (a burst of twice as many passes). */
  maxAwarenessPerSecond: 30,
  /** A whole session document's encoded state, in bytes. */
  maxDocumentBytes: 8 * 1024 * 1024,
  /** One file's text, in characters. */
  maxFileChars: 1024 * 1024,
} as const;
