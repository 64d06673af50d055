import type * as Y from 'yjs';
import { type OriginContextConnection, transactWithOrigin } from '../../protocol/origin-tagger.ts';
import type { EditOrigin } from '../../protocol/origins.ts';
import type { ParticipantRole } from '../../protocol/roles.ts';
import { BridgeError } from '../errors.ts';
import type { DocumentSource, OpenDocument } from './document-source.ts';

/** The part of a Hocuspocus DirectConnection the bridge uses (structural: no server import). */
export interface DirectConnectionLike extends OriginContextConnection<Y.Doc> {
  document: Y.Doc | null;
  disconnect(): Promise<void>;
}

/** What the bridge puts in a direct connection's context (the collab-server's shape). */
export interface BridgeConnectionContext {
  participant: { role: ParticipantRole; id: string; name: string; sessionId: string };
  origin?: EditOrigin;
}

export type OpenDirectConnection = (
  documentName: string,
  context: BridgeConnectionContext,
) => Promise<DirectConnectionLike>;

/** Session id of a `session/<id>` (or `notes/<id>`) document name. */
function sessionIdOf(documentName: string): string {
  return documentName.slice(documentName.indexOf('/') + 1);
}

/**
 * Documents through in-process Hocuspocus direct connections, as the
 * composition root hands them over. The connection's context names the bridge
 * as a service participant; each transaction carries its edit origin in
 * `context.origin` (protocol/origin-tagger.ts), which the collab-server
 * records in the history log.
 */
export function directDocumentSource(openConnection: OpenDirectConnection): DocumentSource {
  return {
    async open(documentName) {
      const context: BridgeConnectionContext = {
        participant: {
          role: 'service',
          id: 'sandbox-bridge',
          name: 'Sandbox bridge',
          sessionId: sessionIdOf(documentName),
        },
      };
      const connection = await openConnection(documentName, context);
      const doc = connection.document;
      if (!doc) {
        throw new BridgeError(
          'DOCUMENT_UNAVAILABLE',
          `Document ${documentName} could not be opened.`,
        );
      }
      const handle: OpenDocument = {
        doc,
        transact(origin: EditOrigin, change) {
          void transactWithOrigin(connection, origin, change);
        },
        isOwn(transaction) {
          const origin = transaction.origin as { source?: unknown; context?: unknown } | null;
          return origin?.source === 'local' && origin.context === connection.context;
        },
        close: () => connection.disconnect(),
      };
      return handle;
    },
  };
}
