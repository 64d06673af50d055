import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, emailOutbox, memberships, users } from '../db/schema/index.ts';
import { createMember, signedInClient } from './support/fixtures.ts';
import { TestClient } from './support/http.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let owner: TestClient;
beforeAll(async () => {
  stack = await startTestStack();
  owner = await signedInClient(stack.baseUrl, stack.demo.interviewerEmail, stack.demo.password);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const membershipOf = async (email: string) => {
  const [row] = await stack.database.db
    .select({ id: memberships.id, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(users.email, email), eq(memberships.organizationId, stack.demo.organizationId)));
  return row;
};

const actions = async () =>
  (
    await stack.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.organizationId, stack.demo.organizationId))
  ).map((entry) => entry.action);

describe('organization and team', () => {
  it('invites a person by e-mail, who creates an account from the link and joins with that role', async () => {
    const invited = await owner.postForm('/settings/team', {
      intent: 'invite',
      email: 'new.hire@example.com',
      role: 'viewer',
    });
    expect(invited.status).toBe(200);
    const [mail] = await stack.database.db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.to, 'new.hire@example.com'));
    const token = mail!.text.match(/\/join\/([A-Za-z0-9_-]+)/)![1]!;
    const person = new TestClient(stack.baseUrl);
    expect((await person.request(`/join/${token}`)).status).toBe(200);
    const joined = await person.postForm(`/join/${token}`, {
      intent: 'signup',
      name: 'New Hire',
      password: 'a-good-password',
    });
    expect(joined.status).toBe(302);
    expect(joined.headers.get('location')).toBe('/dashboard');
    expect((await membershipOf('new.hire@example.com'))?.role).toBe('viewer');
    expect((await person.request('/dashboard')).status).toBe(200);
    // The link works once.
    expect((await new TestClient(stack.baseUrl).request(`/join/${token}`)).status).toBe(410);
    expect(await actions()).toEqual(expect.arrayContaining(['member.invited', 'member.joined']));
  });

  it('changes a member’s role and records who changed it from what to what', async () => {
    const member = await membershipOf('new.hire@example.com');
    const response = await owner.postForm('/settings/team', {
      intent: 'role',
      membershipId: member!.id,
      role: 'interviewer',
    });
    expect(response.status).toBe(200);
    expect((await membershipOf('new.hire@example.com'))?.role).toBe('interviewer');
    const [entry] = await stack.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'member.role_changed'));
    expect(entry?.data).toMatchObject({ from: 'viewer', to: 'interviewer' });
  });

  it('never leaves the organization without an owner', async () => {
    const self = await membershipOf(stack.demo.interviewerEmail);
    const demote = await owner.postForm('/settings/team', {
      intent: 'role',
      membershipId: self!.id,
      role: 'admin',
    });
    expect(demote.status).toBe(409);
    expect(await demote.text()).toContain('at least one owner');
    expect((await membershipOf(stack.demo.interviewerEmail))?.role).toBe('owner');
  });

  it('lets an admin manage members but not hand out ownership', async () => {
    const admin = await createMember(stack.database.db, stack.demo.organizationId, 'admin');
    const client = await signedInClient(stack.baseUrl, admin.email);
    const member = await membershipOf('new.hire@example.com');
    expect(
      (
        await client.postForm('/settings/team', {
          intent: 'role',
          membershipId: member!.id,
          role: 'owner',
        })
      ).status,
    ).toBe(403);
    expect(
      (await client.postForm('/settings/team', { intent: 'remove', membershipId: member!.id }))
        .status,
    ).toBe(200);
    expect(await membershipOf('new.hire@example.com')).toBeUndefined();
    expect(await actions()).toContain('member.removed');
  });

  it('does not let an interviewer or a viewer change the team', async () => {
    for (const role of ['interviewer', 'viewer'] as const) {
      const user = await createMember(stack.database.db, stack.demo.organizationId, role);
      const client = await signedInClient(stack.baseUrl, user.email);
      const response = await client.postForm('/settings/team', {
        intent: 'invite',
        email: 'x@example.com',
        role: 'viewer',
      });
      expect(response.status).toBe(403);
    }
  });
});
