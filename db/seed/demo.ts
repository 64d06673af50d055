import { hashPassword } from 'better-auth/crypto';
import { and, eq } from 'drizzle-orm';
import { deriveInviteToken, hashInviteToken } from '../../protocol/invite-token.ts';
import { LANGUAGES } from '../../protocol/problems.ts';
import type { Database } from '../client.ts';
import {
  assessmentProblems,
  assessments,
  authAccounts,
  candidates,
  memberships,
  organizations,
  problems,
  users,
} from '../schema/index.ts';
import { storedVersions } from './languages/types.ts';
import { DEMO_PROBLEMS } from './problems.ts';

export const DEMO = {
  organizationSlug: 'demo',
  organizationName: 'Demo Company',
  interviewerEmail: 'interviewer@tandem.local',
  interviewerName: 'Grace Hopper',
  password: 'tandem-demo',
  candidateName: 'Ada Lovelace',
  candidateEmail: 'ada@candidate.local',
  assessmentTitle: 'Backend Engineer Screen',
  /** Two problems in order (decision 021); nobody is invited to it yet. */
  twoProblemTitle: 'Backend Engineer Screen: two problems',
} as const;

export interface DemoSeed {
  /** True when this call created the demo data; false when it already existed. */
  created: boolean;
  organizationId: string;
  interviewerEmail: string;
  password: string;
  /** The demo candidate's invitation token while it is still unused, else null. */
  inviteToken: string | null;
}

/**
 * Seeds a demo organization with an interviewer (owner), the three demo
 * problems in TypeScript and Python, an assessment and an invited candidate.
 * Idempotent: an existing demo organization is left as it is.
 */
export async function seedDemo(db: Database, secret: string): Promise<DemoSeed> {
  const inviteToken = deriveInviteToken(secret, 'demo-candidate');
  const inviteHash = hashInviteToken(inviteToken);
  const [existing] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, DEMO.organizationSlug));
  if (existing) {
    const [candidate] = await db
      .select({ id: candidates.id })
      .from(candidates)
      .where(and(eq(candidates.inviteTokenHash, inviteHash), eq(candidates.status, 'INVITED')));
    return {
      created: false,
      organizationId: existing.id,
      interviewerEmail: DEMO.interviewerEmail,
      password: DEMO.password,
      inviteToken: candidate ? inviteToken : null,
    };
  }

  const passwordHash = await hashPassword(DEMO.password);
  const organizationId = await db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organizations)
      .values({ name: DEMO.organizationName, slug: DEMO.organizationSlug })
      .returning({ id: organizations.id });
    const [user] = await tx
      .insert(users)
      .values({ name: DEMO.interviewerName, email: DEMO.interviewerEmail, emailVerified: true })
      .onConflictDoUpdate({ target: users.email, set: { name: DEMO.interviewerName } })
      .returning({ id: users.id });
    const orgId = org!.id;
    const userId = user!.id;
    await tx
      .insert(authAccounts)
      .values({ userId, accountId: userId, providerId: 'credential', password: passwordHash });
    await tx.insert(memberships).values({ organizationId: orgId, userId, role: 'owner' });
    const problemRows = await tx
      .insert(problems)
      .values(
        DEMO_PROBLEMS.map((problem) => ({
          ...problem,
          languageVersions: storedVersions(problem.languageVersions),
          organizationId: orgId,
          createdById: userId,
        })),
      )
      .returning({ id: problems.id, language: problems.language });
    const [assessment] = await tx
      .insert(assessments)
      .values({
        organizationId: orgId,
        title: DEMO.assessmentTitle,
        description:
          'A 60-minute screen: one problem in the language the candidate picks, AI assistant and terminal on.',
        durationMinutes: 60,
        languages: [...LANGUAGES],
        enableAI: true,
        enableTerminal: true,
        createdById: userId,
      })
      .returning({ id: assessments.id });
    // The screen the demo candidate takes has one problem, as its description says.
    const typescriptRows = problemRows.filter((row) => row.language === 'typescript');
    await tx
      .insert(assessmentProblems)
      .values({ assessmentId: assessment!.id, problemId: typescriptRows[0]!.id, position: 0 });
    const [twoProblems] = await tx
      .insert(assessments)
      .values({
        organizationId: orgId,
        title: DEMO.twoProblemTitle,
        description: 'A 90-minute screen: Two Sum, then LRU Cache, in order.',
        durationMinutes: 90,
        enableAI: true,
        enableTerminal: true,
        createdById: userId,
      })
      .returning({ id: assessments.id });
    await tx.insert(assessmentProblems).values(
      typescriptRows.map((row, position) => ({
        assessmentId: twoProblems!.id,
        problemId: row.id,
        position,
      })),
    );
    await tx.insert(candidates).values({
      organizationId: orgId,
      assessmentId: assessment!.id,
      name: DEMO.candidateName,
      email: DEMO.candidateEmail,
      inviteTokenHash: inviteHash,
      inviteExpiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000),
      invitedById: userId,
    });
    return orgId;
  });
  return {
    created: true,
    organizationId,
    interviewerEmail: DEMO.interviewerEmail,
    password: DEMO.password,
    inviteToken,
  };
}
