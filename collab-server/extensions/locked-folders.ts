import type { beforeHandleMessagePayload, Extension } from '@hocuspocus/server';
import { parseDocumentName } from '../../protocol/documents.ts';
import type { CollabContext } from '../context.ts';
import { lockedFolderWrite } from '../guards/locked-folders.ts';
import { readIncomingContent } from '../messages.ts';
import { refuseMessage } from '../refusal.ts';

/**
 * A finished problem's folder is locked (decision 027): an update from anyone
 * but a service (the app, the bridge) that would change a locked folder's
 * files, or the lock map, closes the connection with `problemLocked` before
 * Hocuspocus applies it, so the document stays as it was. Sessions without a
 * locked folder pay one map lookup per update.
 */
export class LockedFolders implements Extension {
  extensionName = 'LockedFolders';

  async beforeHandleMessage({
    connection,
    document,
    update: raw,
  }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    if (connection.readOnly) return;
    const role = (connection.context as CollabContext | undefined)?.participant?.role;
    if (role === 'service') return;
    if (parseDocumentName(document.name)?.kind !== 'session') return;
    let content: ReturnType<typeof readIncomingContent>;
    try {
      content = readIncomingContent(raw);
    } catch {
      throw refuseMessage(connection, 'malformed', 'undecodable message');
    }
    if (content.kind !== 'update' && content.kind !== 'step2') return;
    const write = lockedFolderWrite(document, content.update);
    if (write) throw refuseMessage(connection, 'problemLocked', `${role ?? 'unknown'}: ${write}`);
  }
}
