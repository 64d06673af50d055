import type {
  afterLoadDocumentPayload,
  beforeHandleMessagePayload,
  Document,
  Extension,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { parseDocumentName } from '../../protocol/documents.ts';
import { LIMITS } from '../../protocol/limits.ts';
import type { CollabContext } from '../context.ts';
import { sessionUpdateVerdict } from '../guards/session-update-judge.ts';
import { TokenBucket } from '../guards/token-bucket.ts';
import { readIncomingContent } from '../messages.ts';
import { refuseMessage } from '../refusal.ts';

export type UpdateLimitValues = Pick<
  typeof LIMITS,
  'maxUpdateBytes' | 'maxSyncBytes' | 'maxDocumentBytes' | 'maxFilesPerSession' | 'maxFileChars'
>;

/**
 * Bytes of document a session may have copied per second to judge updates
 * that are not plain typing (file operations, sync step 2): each copy costs
 * time in proportion to the document, on the thread every session shares.
 */
const COPY_BYTES_PER_SECOND = 8 * 1024 * 1024;
const COPY_BYTES_BURST = 32 * 1024 * 1024;

export interface UpdateLimitsConfiguration {
  limits: UpdateLimitValues;
}

/**
 * Checks every incoming update before Hocuspocus applies it: its size, the
 * document's size, and what it does to a session's files (paths, values,
 * count, length; guards/session-update-judge.ts). A breach closes the
 * client's socket with a named reason and the update is never applied, so the
 * document stays as it was. The document's encoded size is estimated from the
 * updates it received and measured exactly only when the estimate reaches the
 * limit.
 */
export class UpdateLimits implements Extension {
  extensionName = 'UpdateLimits';
  private readonly limits: UpdateLimitValues;
  /** Upper bound of each loaded document's encoded size. */
  private readonly sizes = new WeakMap<Document, number>();
  /** Per document: how much more copying its updates may cost now. */
  private readonly copyBudgets = new WeakMap<Document, TokenBucket>();

  constructor(configuration: Partial<UpdateLimitsConfiguration> = {}) {
    this.limits = { ...LIMITS, ...configuration.limits };
  }

  async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
    this.sizes.set(document, Y.encodeStateAsUpdate(document).byteLength);
    document.on('update', (update: Uint8Array) => {
      this.sizes.set(document, (this.sizes.get(document) ?? 0) + update.byteLength);
    });
  }

  async beforeHandleMessage({
    connection,
    document,
    update: raw,
  }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    // Hocuspocus drops a read-only connection's updates itself.
    if (connection.readOnly) return;
    let content: ReturnType<typeof readIncomingContent>;
    try {
      content = readIncomingContent(raw);
    } catch {
      throw refuseMessage(connection, 'malformed', 'undecodable message');
    }
    if (content.kind !== 'update' && content.kind !== 'step2') return;
    const bytes = content.update.byteLength;
    // A sync step 2 carries what a reconnecting client had and the server
    // lacked, so it has a larger cap than one incremental update.
    const cap = content.kind === 'update' ? this.limits.maxUpdateBytes : this.limits.maxSyncBytes;
    if (bytes > cap) {
      throw refuseMessage(connection, 'updateTooLarge', `${content.kind} of ${bytes} bytes`);
    }
    if (parseDocumentName(document.name)?.kind === 'session') {
      this.checkSessionShape(connection, document, content.update);
    }
    this.checkDocumentSize(connection, document, bytes);
  }

  private checkSessionShape(
    connection: beforeHandleMessagePayload['connection'],
    document: Document,
    update: Uint8Array,
  ): void {
    const verdict = sessionUpdateVerdict(document, update, this.limits, (bytes) =>
      this.copyBudgetOf(document).take(bytes),
    );
    if (verdict) throw refuseMessage(connection, verdict.reason, verdict.detail);
  }

  private copyBudgetOf(document: Document): TokenBucket {
    let budget = this.copyBudgets.get(document);
    if (!budget) {
      budget = new TokenBucket(COPY_BYTES_BURST, COPY_BYTES_PER_SECOND);
      this.copyBudgets.set(document, budget);
    }
    return budget;
  }

  private checkDocumentSize(
    connection: beforeHandleMessagePayload['connection'],
    document: Document,
    incoming: number,
  ): void {
    const max = this.limits.maxDocumentBytes;
    const estimate = this.sizes.get(document) ?? Number.POSITIVE_INFINITY;
    if (estimate + incoming <= max) return;
    // The estimate only grows (merged state is smaller than the sum of its
    // updates): measure, and refuse only on the real size.
    const exact = Y.encodeStateAsUpdate(document).byteLength;
    this.sizes.set(document, exact);
    if (exact + incoming > max) {
      throw refuseMessage(connection, 'documentTooLarge', `${exact} + ${incoming} bytes`);
    }
  }
}
