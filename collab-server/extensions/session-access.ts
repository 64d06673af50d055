import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import type { Database } from '../../db/client.ts';
import { parseDocumentName } from '../../protocol/documents.ts';
import { TokenError, verifySessionToken } from '../../protocol/tokens.ts';
import { decideAccess } from '../access-policy.ts';
import type { CollabContext, Participant } from '../context.ts';
import { CollabRefusal } from '../refusal.ts';
import { findSession } from '../session-directory.ts';

export interface SessionAccessConfiguration {
  db: Database;
  /** TANDEM_SECRET: verifies the app's session tokens. */
  secret: string;
}

/**
 * `onAuthenticate`: verifies the provider's token, applies the role rules of
 * access-policy.ts and puts the participant in the connection's context.
 * Read-only grants set `connectionConfig.readOnly`, so Hocuspocus drops that
 * connection's updates on the server.
 */
export class SessionAccess implements Extension {
  extensionName = 'SessionAccess';
  private readonly configuration: SessionAccessConfiguration;

  constructor(configuration: SessionAccessConfiguration) {
    this.configuration = configuration;
  }

  async onAuthenticate(
    data: onAuthenticatePayload<CollabContext>,
  ): Promise<Pick<CollabContext, 'participant'>> {
    const document = parseDocumentName(data.documentName);
    if (!document) throw new CollabRefusal('forbidden', 'not a Tandem document name');
    let claims: Awaited<ReturnType<typeof verifySessionToken>>;
    try {
      claims = await verifySessionToken(data.token, this.configuration.secret);
    } catch (error) {
      if (error instanceof TokenError) throw new CollabRefusal('unauthorized', error.code);
      throw error;
    }
    let session: Awaited<ReturnType<typeof findSession>>;
    try {
      session = await findSession(this.configuration.db, claims.sessionId);
    } catch (error) {
      // The database is away: say so, rather than a bare "permission-denied".
      throw new CollabRefusal('unavailable', String(error));
    }
    const grant = decideAccess(claims, document, session);
    data.connectionConfig.readOnly = grant.readOnly;
    const participant: Participant = {
      role: claims.role,
      id: claims.subject,
      name: claims.name,
      sessionId: claims.sessionId,
    };
    // Hocuspocus merges what onAuthenticate returns into the context.
    return { participant };
  }
}
