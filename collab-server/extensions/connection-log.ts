import type { connectedPayload, Extension, onDisconnectPayload } from '@hocuspocus/server';
import type { Logger } from '../../protocol/logger.ts';
import { acceptRequestId, REQUEST_ID_HEADER, REQUEST_ID_PARAM } from '../../protocol/request-id.ts';
import type { CollabContext } from '../context.ts';

export interface ConnectionLogConfiguration {
  logger: Logger;
}

/** The socket id Hocuspocus gives a direct connection's hooks. */
const DIRECT_SOCKET_ID = 'server';

type ConnectionPayload = Pick<
  connectedPayload<CollabContext>,
  'documentName' | 'requestHeaders' | 'requestParameters' | 'socketId' | 'context'
>;

/**
 * One line when a connection to a document is authenticated and one when it
 * ends. `connectionId` is Hocuspocus' socket id; `requestId` is the one the
 * connection came with: a query parameter from the app's and the bridge's
 * providers (they cannot send headers), or the nginx edge's header on a
 * browser's connection. Nothing runs per message.
 */
export class ConnectionLog implements Extension {
  extensionName = 'ConnectionLog';
  private readonly logger: Logger;

  constructor(configuration: ConnectionLogConfiguration) {
    this.logger = configuration.logger;
  }

  async connected(data: connectedPayload<CollabContext>): Promise<void> {
    this.logger.info(fieldsOf(data), 'connected');
  }

  async onDisconnect(data: onDisconnectPayload<CollabContext>): Promise<void> {
    // An in-process (direct) connection: it never had a `connected` line either.
    if (data.socketId === DIRECT_SOCKET_ID) return;
    this.logger.info({ ...fieldsOf(data), clients: data.clientsCount }, 'disconnected');
  }
}

function fieldsOf(data: ConnectionPayload) {
  const requestId =
    acceptRequestId(data.requestParameters.get(REQUEST_ID_PARAM)) ??
    acceptRequestId(data.requestHeaders.get(REQUEST_ID_HEADER));
  const participant = data.context?.participant;
  return {
    connectionId: data.socketId,
    ...(requestId ? { requestId } : {}),
    documentName: data.documentName,
    ...(participant ? { role: participant.role, participantId: participant.id } : {}),
  };
}
