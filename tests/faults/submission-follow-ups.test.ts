import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeadlineWatcher } from '../../app/interview/deadline-watcher.server.ts';
import { eventually } from '../../collab-server/testing/clients.ts';
import type { SessionFixture } from '../../collab-server/testing/fixtures.ts';
import { candidates, emailOutbox, interviewSessions } from '../../db/schema/index.ts';
import type { FakeResend } from '../support/fake-resend.ts';
import { startFakeResend } from '../support/fake-resend.ts';
import { followUpContext, interviewsToSubmit, recordingArchive } from '../support/follow-ups.ts';
import { type RunningProcess, startNode } from '../support/process.ts';
import {
  faultDatabaseKind,
  killHard,
  PATIENCE,
  report,
  type Storage,
  storageFor,
} from './harness.ts';

// A submission commits the candidate's result, then archives the workspace
// and e-mails both sides. Killed (kill -9) right after the commit, it once
// left a COMPLETED candidate whose archive and e-mails nobody ever did: the
// watcher only repaired candidates that were not COMPLETED yet.

const CHILD = join(import.meta.dirname, 'submit-kill.child.ts');

describe.each([faultDatabaseKind()])('a submission killed after its commit (%s)', (kind) => {
  let storage: Storage;
  let resend: FakeResend;
  let session: SessionFixture;
  let second: SessionFixture;
  let inviterEmail: string;
  let child: RunningProcess | null = null;

  beforeAll(async () => {
    resend = await startFakeResend();
    storage = await storageFor(kind);
    const database = await storage.open();
    const interviews = await interviewsToSubmit(database, 1);
    session = interviews.sessions[0]!;
    inviterEmail = interviews.inviterEmail;
    second = (await interviewsToSubmit(database, 1)).sessions[0]!;
    await database.close();
  }, PATIENCE);

  afterAll(async () => {
    if (child) await killHard(child);
    await storage?.destroy();
    await resend?.close();
  });

  it('is archived and e-mails each side exactly once when the watcher comes', async () => {
    child = startNode(CHILD, {
      ...storage.env,
      RESEND_BASE_URL: resend.url,
      CANDIDATE_ID: session.candidateId,
      ARCHIVE: 'hang',
    });
    await child.waitFor(`archiving ${session.sessionId}`, PATIENCE);
    await killHard(child);
    child = null;

    const database = await storage.open();
    try {
      const [candidate] = await database.db
        .select({ status: candidates.status, email: candidates.email })
        .from(candidates)
        .where(eq(candidates.id, session.candidateId));
      // The commit happened before the kill: the result is kept.
      expect(candidate?.status).toBe('COMPLETED');
      const sentBeforeWatcher = resend.emails.length;
      const keptAfterKill = await database.db
        .select({ kind: emailOutbox.kind, status: emailOutbox.status })
        .from(emailOutbox);

      // The app comes back a quarter of an hour later (past the dead process's lease).
      const archived: string[] = [];
      const watcher = startDeadlineWatcher(
        followUpContext(database, { resendUrl: resend.url }),
        recordingArchive(database, archived),
        600_000,
        () => new Date(Date.now() + 15 * 60_000),
      );
      await watcher.tick();
      await watcher.tick();
      await watcher.stop();

      const [stored] = await database.db
        .select({ archivedAt: interviewSessions.archivedAt })
        .from(interviewSessions)
        .where(eq(interviewSessions.id, session.sessionId));
      const outbox = await database.db
        .select({ kind: emailOutbox.kind, status: emailOutbox.status, to: emailOutbox.to })
        .from(emailOutbox);
      report(`submission killed after its commit (${kind})`, {
        emails_sent_before_kill: sentBeforeWatcher,
        emails_kept_after_kill: keptAfterKill.length,
        archives_by_watcher: archived.length,
        emails_sent_by_watcher: resend.emails.length - sentBeforeWatcher,
        repeated_sends_refused: resend.repeats,
        outbox_after: outbox.map((mail) => `${mail.kind}:${mail.status}`).join(','),
      });
      expect(archived).toEqual([session.sessionId]);
      expect(stored?.archivedAt).toBeInstanceOf(Date);
      expect(resend.emails.map((mail) => mail.body.to).sort()).toEqual(
        [candidate!.email, inviterEmail].sort(),
      );
      expect(outbox.map((mail) => `${mail.kind}:${mail.status}`).sort()).toEqual([
        'submission-candidate:sent',
        'submission-interviewer:sent',
      ]);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('sends no second confirmation when killed after Resend took the mail but before it was recorded', async () => {
    const before = resend.emails.length;
    resend.holdAnswers = true;
    child = startNode(CHILD, {
      ...storage.env,
      RESEND_BASE_URL: resend.url,
      CANDIDATE_ID: second.candidateId,
      ARCHIVE: 'ok',
    });
    await eventually(() => resend.emails.length > before, 'Resend took the first mail', PATIENCE);
    await killHard(child);
    child = null;
    resend.holdAnswers = false;

    const database = await storage.open();
    try {
      const taken = resend.emails.slice(before).map((mail) => mail.idempotencyKey);
      const watcher = startDeadlineWatcher(
        followUpContext(database, { resendUrl: resend.url }),
        recordingArchive(database, []),
        600_000,
        () => new Date(Date.now() + 15 * 60_000),
      );
      await watcher.tick();
      await watcher.tick();
      await watcher.stop();
      const outbox = await database.db
        .select({ key: emailOutbox.idempotencyKey, status: emailOutbox.status })
        .from(emailOutbox);
      const mine = outbox.filter((mail) => mail.key?.endsWith(second.sessionId));
      const sent = resend.emails.slice(before).map((mail) => mail.idempotencyKey);
      report(`submission killed while Resend answered (${kind})`, {
        taken_before_kill: taken.length,
        sent_to_inboxes: sent.length,
        repeated_sends_refused: resend.repeats,
        outbox_after: mine.map((mail) => mail.status).join(','),
      });
      // The mail Resend took is asked again with its key and answered, not sent twice.
      expect(resend.repeats).toBe(1);
      expect(sent.sort()).toEqual(mine.map((mail) => mail.key).sort());
      expect(new Set(sent).size).toBe(sent.length);
      expect(mine.map((mail) => mail.status)).toEqual(['sent', 'sent']);
    } finally {
      await database.close();
    }
  }, 120_000);
});
