import type { Attribution } from '../extensions/edit-origins.ts';

/** One applied update waiting to be appended to `yjs_updates` (seq is assigned on write). */
export interface HistoryEntry extends Attribution {
  documentName: string;
  /** Server time when the update was applied. */
  at: Date;
  update: Uint8Array;
}

/** The seq numbers one append gave a document: first..last, inclusive. */
export interface SeqRange {
  first: number;
  last: number;
}
