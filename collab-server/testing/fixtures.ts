import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  assessments,
  candidates,
  interviewSessions,
  organizations,
  problems,
} from '../../db/schema/index.ts';
import type { ParticipantRole } from '../../protocol/roles.ts';
import type { SessionStatus } from '../../protocol/sessions.ts';
import { signSessionToken } from '../../protocol/tokens.ts';

/** A secret for tests and benchmarks only. */
export const TEST_SECRET = 'tandem-test-secret-0123456789abcdef-xyz';

export interface SessionFixture {
  sessionId: string;
  organizationId: string;
  candidateId: string;
}

/** An organization with one problem and assessment, and `count` interview sessions in it. */
export async function createSessions(
  db: Database,
  count: number,
  status: SessionStatus = 'ACTIVE',
): Promise<SessionFixture[]> {
  const suffix = randomUUID().slice(0, 8);
  const [organization] = await db
    .insert(organizations)
    .values({ name: `Org ${suffix}`, slug: `org-${suffix}` })
    .returning({ id: organizations.id });
  const organizationId = organization!.id;
  const [problem] = await db
    .insert(problems)
    .values({
      organizationId,
      title: 'Fixture',
      description: 'A problem for collab-server tests.',
      difficulty: 'EASY',
      language: 'typescript',
      starterFiles: [],
      visibleTests: [],
    })
    .returning({ id: problems.id });
  const [assessment] = await db
    .insert(assessments)
    .values({ organizationId, title: 'Fixture', durationMinutes: 60 })
    .returning({ id: assessments.id });
  const fixtures: SessionFixture[] = [];
  // Chunks keep each insert well under the parameter limit.
  for (let start = 0; start < count; start += 500) {
    const size = Math.min(500, count - start);
    const candidateRows = await db
      .insert(candidates)
      .values(
        Array.from({ length: size }, (_, i) => ({
          organizationId,
          assessmentId: assessment!.id,
          name: `Candidate ${start + i}`,
          email: `candidate-${suffix}-${start + i}@example.test`,
        })),
      )
      .returning({ id: candidates.id });
    const sessionRows = await db
      .insert(interviewSessions)
      .values(
        candidateRows.map((candidate) => ({
          candidateId: candidate.id,
          organizationId,
          problemId: problem!.id,
          status,
          deadlineAt: new Date(Date.now() + 3600_000),
        })),
      )
      .returning({ id: interviewSessions.id, candidateId: interviewSessions.candidateId });
    for (const row of sessionRows) {
      fixtures.push({ sessionId: row.id, organizationId, candidateId: row.candidateId });
    }
  }
  return fixtures;
}

export async function setSessionStatus(
  db: Database,
  sessionId: string,
  status: SessionStatus,
): Promise<void> {
  await db.update(interviewSessions).set({ status }).where(eq(interviewSessions.id, sessionId));
}

/** Turns the session's assessment's pair mode on or off (decision 027). */
export async function setPairMode(db: Database, fixture: SessionFixture, on: boolean) {
  const [row] = await db
    .select({ assessmentId: candidates.assessmentId })
    .from(candidates)
    .where(eq(candidates.id, fixture.candidateId));
  await db.update(assessments).set({ pairMode: on }).where(eq(assessments.id, row!.assessmentId));
}

/** A token as the app would mint it for `role` in the fixture's session. */
export function tokenFor(
  fixture: SessionFixture,
  role: ParticipantRole,
  overrides: { subject?: string; sessionId?: string; organizationId?: string; ttl?: number } = {},
): Promise<string> {
  const subject =
    overrides.subject ??
    (role === 'candidate' ? fixture.candidateId : role === 'service' ? 'bridge' : `user-${role}`);
  return signSessionToken(
    {
      sessionId: overrides.sessionId ?? fixture.sessionId,
      organizationId: overrides.organizationId ?? fixture.organizationId,
      subject,
      role,
      name: `${role} ${subject}`,
    },
    TEST_SECRET,
    overrides.ttl ?? 3600,
  );
}
