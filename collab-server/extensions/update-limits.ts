import type {
  afterLoadDocumentPayload,
  beforeHandleMessagePayload,
  Document,
  Extension,
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { parseDocumentName, SESSION_DOC } from '../../protocol/documents.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { findPathProblem } from '../../protocol/paths.ts';
import type { CollabContext } from '../context.ts';
import { readIncomingContent } from '../messages.ts';
import { refuseMessage } from '../refusal.ts';
import { inspectSessionUpdate } from '../update-inspection.ts';

export type UpdateLimitValues = Pick<
  typeof LIMITS,
  'maxUpdateBytes' | 'maxDocumentBytes' | 'maxFilesPerSession'
>;

export interface UpdateLimitsConfiguration {
  limits: UpdateLimitValues;
}

/**
 * Checks every incoming update before Hocuspocus applies it: its size, the
 * document's size, the number of files and every path written into `files`
 * and `folders`. A breach closes the client's socket with a named reason and
 * the update is never applied, so the document stays as it was. The check
 * decodes the update only (see update-inspection.ts); the document's encoded
 * size is estimated from the updates it received and measured exactly only
 * when the estimate reaches the limit.
 */
export class UpdateLimits implements Extension {
  extensionName = 'UpdateLimits';
  private readonly limits: UpdateLimitValues;
  /** Upper bound of each loaded document's encoded size. */
  private readonly sizes = new WeakMap<Document, number>();

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
    // A sync step 2 may legitimately carry a whole document (a reconnecting
    // client's offline work), so only incremental updates have their own cap.
    if (content.kind === 'update' && bytes > this.limits.maxUpdateBytes) {
      throw refuseMessage(connection, 'updateTooLarge', `${bytes} bytes`);
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
    let effect: ReturnType<typeof inspectSessionUpdate>;
    try {
      effect = inspectSessionUpdate(document, update);
    } catch {
      throw refuseMessage(connection, 'malformed', 'undecodable update');
    }
    for (const { root, key } of effect.writtenKeys) {
      const problem = findPathProblem(key);
      if (problem) {
        throw refuseMessage(
          connection,
          'badPath',
          `${root} ${JSON.stringify(key.slice(0, 80))}: ${problem}`,
        );
      }
    }
    if (effect.nonTextFile !== null) {
      throw refuseMessage(
        connection,
        'malformed',
        `files value of ${effect.nonTextFile} is not a Y.Text`,
      );
    }
    const files = document.getMap(SESSION_DOC.files).size + effect.addedFiles - effect.removedFiles;
    if (effect.addedFiles > 0 && files > this.limits.maxFilesPerSession) {
      throw refuseMessage(connection, 'tooManyFiles', `${files} files`);
    }
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
