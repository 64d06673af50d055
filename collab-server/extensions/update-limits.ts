import type { afterLoadDocumentPayload, Connection, Document, Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import { LIMITS } from '../../protocol/limits.ts';
import type { CollabContext } from '../context.ts';
import { DocumentBudgets } from '../guards/document-budgets.ts';
import { sessionUpdateVerdict } from '../guards/session-update-judge.ts';
import { type TextOnlyEdit, textOnlyEdit } from '../guards/text-only-update.ts';
import type { TokenBucket } from '../guards/token-bucket.ts';
import { type DocumentContent, isSessionDocument } from '../messages.ts';
import { refuseMessage } from '../refusal.ts';

export type UpdateLimitValues = Pick<
  typeof LIMITS,
  'maxUpdateBytes' | 'maxSyncBytes' | 'maxDocumentBytes' | 'maxFilesPerSession' | 'maxFileChars'
> &
  typeof WRITE_BUDGET;

/**
 * Bytes of document a session may have copied per second to judge updates
 * that are not plain typing (file operations, sync step 2): each copy costs
 * time in proportion to the document, on the thread every session shares.
 */
const COPY_BYTES_PER_SECOND = 8 * 1024 * 1024;
const COPY_BYTES_BURST = 32 * 1024 * 1024;

/**
 * Bytes of updates a session document may take in per second (bursts of
 * writeBytesBurst): each accepted byte is applied, broadcast, written to
 * the history log and, with the document, stored again, on the thread every
 * session shares. A person pasting a 1 MB file stays within the burst; a
 * script sending 900 KB sync step 2s back to back is closed.
 */
const WRITE_BUDGET = {
  writeBytesPerSecond: 512 * 1024,
  writeBytesBurst: 4 * 1024 * 1024,
};

export interface UpdateLimitsConfiguration {
  limits: Partial<UpdateLimitValues>;
}

/**
 * Checks every incoming update before Hocuspocus applies it: its size, the
 * document's size, and what it does to a session's files (paths, values,
 * count, length; guards/session-update-judge.ts). A breach closes the
 * client's socket with a named reason and the update is never applied, so the
 * document stays as it was. Cheapest checks first: the update's size, the
 * document's size (estimated from the updates it received, measured exactly
 * only when the estimate reaches the limit), the bytes the document took in
 * lately, and only then what the update does (which may copy the document).
 */
export class UpdateLimits implements Extension {
  extensionName = 'UpdateLimits';
  private readonly limits: UpdateLimitValues;
  /** Upper bound of each loaded document's encoded size, and whether it was just measured. */
  private readonly sizes = new WeakMap<Document, { bytes: number; exact: boolean }>();
  /**
   * Per document name: how much more copying its updates may cost now, and
   * how many more bytes of updates it may take in. Keyed by name, not by the
   * loaded Document: a client closed for spending a budget that reconnects
   * (and so makes the server load the document afresh) finds the budget as
   * it left it, not a new burst. Forgotten once refilled (budgets.ts).
   */
  private readonly copyBudgets: DocumentBudgets;
  private readonly writeBudgets: DocumentBudgets;

  constructor(configuration: Partial<UpdateLimitsConfiguration> = {}) {
    this.limits = { ...LIMITS, ...WRITE_BUDGET, ...configuration.limits };
    this.copyBudgets = new DocumentBudgets(COPY_BYTES_BURST, COPY_BYTES_PER_SECOND);
    this.writeBudgets = new DocumentBudgets(
      this.limits.writeBytesBurst,
      this.limits.writeBytesPerSecond,
    );
  }

  async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
    const size = { bytes: Y.encodeStateAsUpdate(document).byteLength, exact: true };
    this.sizes.set(document, size);
    // Updated in place: no object per keystroke.
    document.on('update', (update: Uint8Array) => {
      size.bytes += update.byteLength;
      size.exact = false;
    });
  }

  /**
   * Checks an update or sync step 2 from a connection that may write, before
   * Hocuspocus applies it; throws the refusal (extensions/message-checks.ts
   * calls it for every such message).
   */
  checkUpdate(
    connection: Connection,
    document: Document,
    content: DocumentContent,
  ): TextOnlyEdit | null {
    const bytes = content.update.byteLength;
    // A sync step 2 carries what a reconnecting client had and the server
    // lacked, so it has a larger cap than one incremental update.
    const cap = content.kind === 'update' ? this.limits.maxUpdateBytes : this.limits.maxSyncBytes;
    if (bytes > cap) {
      throw refuseMessage(connection, 'updateTooLarge', `${content.kind} of ${bytes} bytes`);
    }
    // Cheapest first: the judge may copy the whole document.
    this.checkDocumentSize(connection, document, bytes);
    if (!isService(connection) && !this.writeBudgetOf(document).take(bytes)) {
      throw refuseMessage(
        connection,
        'tooManyMessages',
        `document written too fast (${bytes} bytes)`,
      );
    }
    if (!isSessionDocument(document)) return null;
    return this.checkSessionShape(connection, document, content.update);
  }

  /** Returns the update as plain typing (decoded once, for the next checks), or null. */
  private checkSessionShape(
    connection: Connection,
    document: Document,
    update: Uint8Array,
  ): TextOnlyEdit | null {
    let edit: TextOnlyEdit | null;
    try {
      edit = textOnlyEdit(document, update);
    } catch {
      throw refuseMessage(connection, 'malformed', 'undecodable update');
    }
    const verdict = sessionUpdateVerdict(
      document,
      update,
      this.limits,
      (bytes) => this.copyBudgetOf(document).take(bytes),
      edit,
    );
    if (verdict) throw refuseMessage(connection, verdict.reason, verdict.detail);
    return edit;
  }

  private writeBudgetOf(document: Document): TokenBucket {
    return this.writeBudgets.of(document.name);
  }

  private copyBudgetOf(document: Document): TokenBucket {
    return this.copyBudgets.of(document.name);
  }

  private checkDocumentSize(connection: Connection, document: Document, incoming: number): void {
    const max = this.limits.maxDocumentBytes;
    const size = this.sizes.get(document) ?? { bytes: Number.POSITIVE_INFINITY, exact: false };
    if (size.bytes + incoming <= max) return;
    if (!size.exact) {
      // The estimate only grows (merged state is smaller than the sum of its
      // updates): measure, and refuse only on the real size. Measuring
      // encodes the whole document, so it is paid from the copy budget, and
      // happens at most once per update applied: a refused update changes
      // nothing, so the next one is judged on the same exact size.
      if (!this.copyBudgetOf(document).take(size.bytes)) {
        throw refuseMessage(connection, 'tooManyMessages', 'document size measured too often');
      }
      size.bytes = Y.encodeStateAsUpdate(document).byteLength;
      size.exact = true;
      this.sizes.set(document, size);
    }
    if (size.bytes + incoming > max) {
      throw refuseMessage(connection, 'documentTooLarge', `${size.bytes} + ${incoming} bytes`);
    }
  }
}

/** The bridge and the files API write what the workspace already holds: they are not budgeted. */
function isService(connection: { context: unknown }): boolean {
  return (connection.context as CollabContext | undefined)?.participant?.role === 'service';
}
