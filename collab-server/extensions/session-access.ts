import type { connectedPayload, Extension, onAuthenticatePayload } from '@hocuspocus/server';
import type { Database } from '../../db/client.ts';
import { CLOSE_REASONS } from '../../protocol/close-reasons.ts';
import { parseDocumentName } from '../../protocol/documents.ts';
import { TokenError, verifySessionToken } from '../../protocol/tokens.ts';
import { decideAccess } from '../access-policy.ts';
import type { CollabContext, Participant } from '../context.ts';
import { ConnectionQuota, type ConnectionQuotaLimits } from '../guards/connection-quota.ts';
import { CollabRefusal, wasRefused } from '../refusal.ts';
import { findSession } from '../session-directory.ts';

export interface SessionAccessConfiguration {
  db: Database;
  /** TANDEM_SECRET: verifies the app's session tokens. */
  secret: string;
  /** Connections per participant and document (guards/connection-quota.ts). */
  quota?: Partial<ConnectionQuotaLimits>;
}

/** What `connected` needs of a `ws` socket (through Hocuspocus' WebSocketLike). */
interface ObservableSocket {
  once(event: 'close', listener: () => void): void;
  close(code: number, reason: string): void;
  on(event: 'error', listener: (error: { code?: unknown }) => void): void;
}

/** The error `ws` raises when a frame is larger than `maxPayload` (it closes with 1009). */
const FRAME_TOO_LARGE = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/**
 * `onAuthenticate`: verifies the provider's token, applies the role rules of
 * access-policy.ts and puts the participant in the connection's context.
 * Read-only grants set `connectionConfig.readOnly`, so Hocuspocus drops that
 * connection's updates on the server. Each participant (not services) holds
 * a connection quota per document (guards/connection-quota.ts), checked
 * right after the token's signature, before the database is asked; a
 * connection the server refuses later, or whose frame was too large, is
 * charged to it.
 */
export class SessionAccess implements Extension {
  extensionName = 'SessionAccess';
  private readonly configuration: SessionAccessConfiguration;
  private readonly quota: ConnectionQuota;

  constructor(configuration: SessionAccessConfiguration) {
    this.configuration = configuration;
    this.quota = new ConnectionQuota(configuration.quota);
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
    const quotaKey = quotaKeyOf(data.documentName, claims.role, claims.subject);
    const overQuota = quotaKey === null ? null : this.quota.admit(quotaKey);
    if (overQuota) throw new CollabRefusal(overQuota, `${claims.role} ${claims.subject}`);
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
      ...(claims.expiresAt === undefined ? {} : { expiresAt: claims.expiresAt }),
    };
    // Hocuspocus merges what onAuthenticate returns into the context.
    return { participant };
  }

  async connected({
    connection,
    context,
    documentName,
  }: connectedPayload<CollabContext>): Promise<void> {
    const participant = context.participant;
    const key = participant ? quotaKeyOf(documentName, participant.role, participant.id) : null;
    if (key === null || !participant) return;
    this.quota.opened(key);
    const socket = connection.webSocket as unknown as ObservableSocket;
    let frameTooLarge = false;
    socket.on('error', (error) => {
      if (error.code === FRAME_TOO_LARGE) frameTooLarge = true;
    });
    const expiry = closeAtExpiry(participant, socket);
    socket.once('close', () => {
      if (expiry) clearTimeout(expiry);
      this.quota.closed(key);
      if (frameTooLarge || wasRefused(socket)) this.quota.refused(key);
    });
  }
}

/** Roles whose open connections end when their token expires. */
const EXPIRING_ROLES: ReadonlySet<string> = new Set(['interviewer', 'viewer']);

/** Longest delay setTimeout keeps (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A member's token is short-lived (OBSERVER_TOKEN_TTL_SECONDS) so that a
 * member removed from the organization stops watching: their open
 * connection is closed when the token it opened with expires. The page has
 * renewed its token by then and reconnects at once with the new one; a
 * removed member's renewal was refused, so their reconnection is refused too.
 * Candidates keep their connection (their token lasts the interview).
 */
function closeAtExpiry(
  participant: Participant,
  socket: ObservableSocket,
): ReturnType<typeof setTimeout> | null {
  if (!EXPIRING_ROLES.has(participant.role) || participant.expiresAt === undefined) return null;
  const { code } = CLOSE_REASONS.unauthorized;
  const timer = setTimeout(
    () => socket.close(code, 'TOKEN_EXPIRED'),
    Math.min(MAX_TIMER_MS, Math.max(0, participant.expiresAt - Date.now())),
  );
  timer.unref?.();
  return timer;
}

/** Whose quota a connection counts against; null for services (the bridge, the files API). */
function quotaKeyOf(documentName: string, role: string, id: string): string | null {
  return role === 'service' ? null : `${documentName}\0${role}\0${id}`;
}
