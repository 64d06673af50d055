import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { interviewSessions } from '../../db/schema/index.ts';
import { parseDocumentName } from '../../protocol/documents.ts';
import { signSessionToken } from '../../protocol/tokens.ts';
import { BridgeError } from '../errors.ts';

/** Service tokens live an hour; the provider asks for a fresh one on every reconnect. */
const TTL_SECONDS = 60 * 60;

/** Mints the token the bridge presents to the collab-server for a session document. */
export function serviceTokenMinter(db: Database, secret: string) {
  return async (documentName: string): Promise<string> => {
    const parsed = parseDocumentName(documentName);
    if (!parsed)
      throw new BridgeError('DOCUMENT_UNAVAILABLE', `${documentName} is not a session document.`);
    const [row] = await db
      .select({ organizationId: interviewSessions.organizationId })
      .from(interviewSessions)
      .where(eq(interviewSessions.id, parsed.sessionId));
    if (!row)
      throw new BridgeError(
        'SESSION_NOT_FOUND',
        `Interview session ${parsed.sessionId} does not exist.`,
      );
    return signSessionToken(
      {
        sessionId: parsed.sessionId,
        organizationId: row.organizationId,
        subject: 'sandbox-bridge',
        role: 'service',
        name: 'Sandbox bridge',
      },
      secret,
      TTL_SECONDS,
    );
  };
}
