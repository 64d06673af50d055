import { HocuspocusProvider } from '@hocuspocus/provider';
import { and, eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { memberships } from '../../db/schema/index.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { signSessionToken } from '../../protocol/tokens.ts';
import { startDemoInterview } from '../support/candidate.ts';
import { eventually } from '../support/collab-client.ts';
import { createMember, signedInClient } from '../support/fixtures.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Attack (issue 12): an observer's token lived 12 hours, so a member removed
 * from the organization kept watching (and could reconnect) all day. Now
 * observer tokens live OBSERVER_TOKEN_TTL_SECONDS (5 min by default) and the
 * page renews them through an endpoint that checks membership again.
 */
let stack: TestStack;
let candidateId: string;
let session: { id: string; organizationId: string };

beforeAll(async () => {
  stack = await startTestStack({ env: { OBSERVER_TOKEN_TTL_SECONDS: '120' } });
  const started = await startDemoInterview(stack);
  candidateId = started.candidateId;
  session = { id: started.session.id, organizationId: started.candidate.organizationId };
});
afterAll(async () => {
  await stack?.close();
});

describe('observer tokens', () => {
  it('are short-lived, and a removed member gets 403 and no new token', async () => {
    const member = await createMember(stack.database.db, session.organizationId, 'viewer');
    const client = await signedInClient(stack.baseUrl, member.email);
    const path = `/api/candidates/${candidateId}/observer-token`;
    const renewed = await client.request(path);
    expect(renewed.status).toBe(200);
    const { token } = (await renewed.json()) as { token: string };
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(120);

    await stack.database.db
      .delete(memberships)
      .where(
        and(
          eq(memberships.userId, member.id),
          eq(memberships.organizationId, session.organizationId),
        ),
      );
    const refused = await client.request(path);
    expect(refused.status).toBe(403);
    const body = await refused.json();
    expect(body.error.code).toBe('NOT_A_MEMBER');
    expect(body.token).toBeUndefined();
  });

  it('is refused by the collab-server once expired', async () => {
    const expired = await signSessionToken(
      {
        sessionId: session.id,
        organizationId: session.organizationId,
        subject: 'someone',
        role: 'viewer',
        name: 'Someone',
      },
      stack.secret,
      -5,
    );
    const doc = new Y.Doc();
    const reasons: string[] = [];
    const provider = new HocuspocusProvider({
      url: stack.collabUrl,
      name: sessionDocumentName(session.id),
      document: doc,
      token: expired,
      onAuthenticationFailed: ({ reason }) => reasons.push(reason),
    });
    await eventually(() => reasons.length > 0, 'authentication refused');
    expect(provider.isSynced).toBe(false);
    provider.destroy();
    doc.destroy();
  });
});
