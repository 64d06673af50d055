import type { beforeHandleMessagePayload, Extension } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import type { CollabContext } from '../context.ts';
import { checkLockedFolders } from '../guards/locked-folders.ts';
import type { PresenceGuard } from '../guards/presence-guard.ts';
import { type IncomingContent, readContent } from '../messages.ts';
import { refuseMessage } from '../refusal.ts';
import type { EditOrigins } from './edit-origins.ts';
import type { UpdateLimits } from './update-limits.ts';

export interface MessageChecksConfiguration {
  presence: PresenceGuard;
  origins: EditOrigins;
  updateLimits: UpdateLimits;
}

/**
 * Every check of an incoming message, in one `beforeHandleMessage`, reading
 * the message once. Hocuspocus 4 chains two promises and two closures per
 * extension per hook per message (`Hocuspocus.hooks`); four extensions each
 * with its own hook were the largest allocation Tandem added per keystroke
 * (decision 020). In order, each refusal closing the connection with its
 * code before the message is applied:
 * 1. the connection's message budget, before anything is decoded
 *    (`tooManyMessages`; guards/presence-guard.ts);
 * 2. the header (`malformed`), then awareness (`presenceRefused`,
 *    `malformed`; nothing more to check) and the size of anything that is
 *    not a sync message (`updateTooLarge`);
 * 3. the rest of the envelope (`malformed`); a stateless message's origin
 *    claim (`badOrigin`; edit-origins.ts);
 * 4. an update or sync step 2 from a connection that may write: its size,
 *    the document's size and write budget, the session's shape
 *    (update-limits.ts), then locked folders (`problemLocked`;
 *    guards/locked-folders.ts). Hocuspocus drops a read-only connection's
 *    updates itself.
 */
export class MessageChecks implements Extension {
  extensionName = 'MessageChecks';
  private readonly presence: PresenceGuard;
  private readonly origins: EditOrigins;
  private readonly updateLimits: UpdateLimits;

  constructor(configuration: MessageChecksConfiguration) {
    this.presence = configuration.presence;
    this.origins = configuration.origins;
    this.updateLimits = configuration.updateLimits;
  }

  async beforeHandleMessage({
    connection,
    document,
    update: raw,
  }: beforeHandleMessagePayload<CollabContext>): Promise<void> {
    this.presence.spend(connection, raw.byteLength);
    const decoder = decoding.createDecoder(raw);
    let type: number;
    try {
      decoding.readVarString(decoder); // document name (or name\0session)
      type = decoding.readVarUint(decoder);
    } catch {
      throw refuseMessage(connection, 'malformed', 'undecodable message');
    }
    if (this.presence.checkMessage(connection, raw, type, decoder)) return;
    let content: IncomingContent;
    try {
      content = readContent(decoder, type);
    } catch {
      throw refuseMessage(connection, 'malformed', 'undecodable message');
    }
    if (content.kind === 'stateless') {
      this.origins.checkStateless(connection, content.payload);
      return;
    }
    if (content.kind === 'other' || connection.readOnly) return;
    // Decoded once: a session document's update comes back as plain typing, or null.
    const edit = this.updateLimits.checkUpdate(connection, document, content);
    checkLockedFolders(connection, document, content.update, edit);
  }
}
