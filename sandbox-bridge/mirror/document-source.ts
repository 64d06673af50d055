import type * as Y from 'yjs';
import type { EditOrigin } from '../../protocol/origins.ts';

/**
 * How the bridge reaches session documents without importing the
 * collab-server: in one process, a Hocuspocus direct connection handed over
 * by the composition root; as its own process, a provider over WebSocket with
 * a service token.
 */
export interface DocumentSource {
  /** Opens (and syncs) a document by name, e.g. `session/<id>`. */
  open(documentName: string): Promise<OpenDocument>;
}

export interface OpenDocument {
  readonly doc: Y.Doc;
  /**
   * Applies a change the bridge makes (a file the terminal wrote), tagged with
   * its edit origin so history and replay know who wrote it.
   */
  transact(origin: EditOrigin, change: (doc: Y.Doc) => void): void;
  /** True for transactions this handle made: the mirror must not echo them back to disk. */
  isOwn(transaction: Y.Transaction): boolean;
  /**
   * Resolves once the collab-server has every change this handle made (absent:
   * changes land synchronously, as with a direct connection). The mirror
   * stores a new base only after it: a base ahead of the server would turn a
   * disk change lost with a killed bridge into a deletion on takeover.
   */
  sent?(): Promise<void>;
  close(): Promise<void>;
}
