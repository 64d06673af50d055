import type { AppLoadContext } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { loadAppConfig } from '../../app/config.server.ts';
import type { SubmissionSteps } from '../../app/interview/submit.server.ts';
import { type AppServices, createAppServices } from '../../app/services.server.ts';
import { createSessions, TEST_SECRET } from '../../collab-server/testing/fixtures.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { candidates, interviewSessions, users } from '../../db/schema/index.ts';
import { type Logger, silentLogger } from '../../protocol/logger.ts';

// What the submission follow-up tests share: the app's own services on a
// test database (Resend at a fake, the collab-server wherever `collabUrl`
// says), steps that stand in for the sandbox bridge, and interviews to submit.

/** The app's services, as `createAppServices` builds them at start-up. */
export function followUpContext(
  database: DatabaseHandle,
  env: { resendUrl: string; collabUrl?: string },
  logger: Logger = silentLogger(),
): AppLoadContext {
  const config = loadAppConfig({
    TANDEM_SECRET: TEST_SECRET,
    RESEND_API_KEY: 're_test_key',
    RESEND_BASE_URL: env.resendUrl,
    // Nothing listens there unless a test starts a collab-server: submission reads the stored document.
    COLLAB_URL: env.collabUrl ?? 'ws://127.0.0.1:9',
    PUBLIC_URL: 'http://127.0.0.1:3000',
  });
  const services: AppServices = createAppServices({ config, database, logger });
  return { services } as unknown as AppLoadContext;
}

/** Grading and provenance as the bridge would answer them; the archive as `archive` says. */
export function stepsWithArchive(archive: SubmissionSteps['archive']): SubmissionSteps {
  return {
    grade: async () => ({ visiblePassed: 1, visibleTotal: 1, hiddenPassed: 1, hiddenTotal: 1 }),
    provenance: async () => ({ aiPasteChars: 0, finalChars: 0, files: [] }),
    archive,
  };
}

/** An archive that records each call and stores the archive as the bridge does. */
export function recordingArchive(database: DatabaseHandle, calls: string[]) {
  return stepsWithArchive(async (_context, session) => {
    calls.push(session.id);
    await database.db
      .update(interviewSessions)
      .set({ archiveKey: `archive/${session.id}.tar.gz`, archiveBytes: 1, archivedAt: new Date() })
      .where(eq(interviewSessions.id, session.id));
  });
}

/** Interviews in progress, each invited by an interviewer: both submission e-mails are owed. */
export async function interviewsToSubmit(database: DatabaseHandle, count: number) {
  const sessions = await createSessions(database.db, count);
  const [inviter] = await database.db
    .insert(users)
    .values({ name: 'Grace Hopper', email: `grace-${sessions[0]!.sessionId}@acme.test` })
    .returning({ id: users.id, email: users.email });
  for (const session of sessions) {
    await database.db
      .update(candidates)
      .set({ invitedById: inviter!.id, status: 'IN_PROGRESS' })
      .where(eq(candidates.id, session.candidateId));
  }
  return { sessions, inviterEmail: inviter!.email };
}
