import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCandidateReport } from '../app/candidates/report.server.ts';
import {
  archiveDue,
  archiveRetryDelayMs,
  MAX_ARCHIVE_ATTEMPTS,
} from '../app/interview/archive-jobs.server.ts';
import { startDeadlineWatcher } from '../app/interview/deadline-watcher.server.ts';
import { submitInterview } from '../app/interview/submit.server.ts';
import type { CollabServer } from '../collab-server/server.ts';
import { startTestServer } from '../collab-server/testing/servers.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { archiveJobs, emailOutbox } from '../db/schema/index.ts';
import { createLogger } from '../protocol/logger.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/database.ts';
import { type FakeResend, startFakeResend } from './support/fake-resend.ts';
import {
  followUpContext,
  interviewsToSubmit,
  recordingArchive,
  stepsWithArchive,
} from './support/follow-ups.ts';
import { captureLogs } from './support/log-capture.ts';

// What a submission owes after its commit (the workspace archive, the two
// e-mails) is queued in its transaction; the deadline watcher retries what
// failed or was never done: under leases, with backoff, up to a last attempt.

describe.each(databaseKinds())('what a submission owes after its commit (%s)', (kind) => {
  let database: TestDatabase;
  let collab: CollabServer;
  let resend: FakeResend;
  let collabUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    collab = await startTestServer(database);
    collabUrl = `ws://127.0.0.1:${collab.port}`;
    resend = await startFakeResend();
  }, 120_000);
  afterAll(async () => {
    await collab?.close();
    await resend?.close();
    await database?.destroy();
  });

  it('is done once when two watchers retry it at the same time', async () => {
    const { sessions } = await interviewsToSubmit(database, 3);
    const context = followUpContext(database, { resendUrl: resend.url, collabUrl });
    // The bridge is away and Resend refuses: everything is left owed.
    const away = stepsWithArchive(async () => {
      throw new Error('the sandbox bridge is away');
    });
    resend.failNext(6, 503);
    await Promise.all(
      sessions.map((session) => submitInterview(context, session.candidateId, 'candidate', away)),
    );
    const sentBefore = resend.emails.length;

    // Two app instances (each its own pool on Postgres) run their retry passes at once. Not
    // through startDeadlineWatcher: its advisory lock (db/job-lock.ts) would run them one
    // after the other on Postgres; here the leases alone must keep the work single.
    const other: DatabaseHandle =
      kind === 'postgres'
        ? await openDatabase({ url: database.url!, maxConnections: 3, migrate: false })
        : database;
    try {
      const calls: string[] = [];
      const recording = recordingArchive(database, calls);
      // A slow archive keeps a job running while the other watcher looks for work.
      const slow = stepsWithArchive(async (archiveContext, session) => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await recording.archive(archiveContext, session);
      });
      const later = new Date(Date.now() + 60 * 60_000);
      const watchers = [database, other].map((handle) =>
        followUpContext(handle, { resendUrl: resend.url, collabUrl }),
      );
      await Promise.all(
        watchers.map(async (watcher) => {
          await archiveDue(watcher, slow, 3, later);
          await watcher.services.mailer.deliverDue(10, later);
        }),
      );

      expect(calls.sort()).toEqual(sessions.map((session) => session.sessionId).sort());
      const jobs = await database.db.select().from(archiveJobs);
      expect(jobs.map((job) => [job.status, job.attempts])).toEqual([
        ['done', 2],
        ['done', 2],
        ['done', 2],
      ]);
      const sent = resend.emails.slice(sentBefore).map((mail) => mail.idempotencyKey!);
      const keys = sessions.flatMap((session) => [
        `submission-candidate:${session.sessionId}`,
        `submission-interviewer:${session.sessionId}`,
      ]);
      expect(sent.sort()).toEqual(keys.sort());
      expect(resend.repeats).toBe(0);
      const outbox = await database.db
        .select({ status: emailOutbox.status, attempts: emailOutbox.attempts })
        .from(emailOutbox)
        .where(like(emailOutbox.idempotencyKey, 'submission-%'));
      expect(outbox).toHaveLength(6);
      expect(outbox.every((mail) => mail.status === 'sent' && mail.attempts === 2)).toBe(true);
    } finally {
      if (other !== database) await other.close();
    }
  }, 60_000);

  it('retries a failing archive with backoff, then gives up with an error in the log, the metrics and the report', async () => {
    const logs = captureLogs();
    const {
      sessions: [session],
    } = await interviewsToSubmit(database, 1);
    const context = followUpContext(
      database,
      { resendUrl: resend.url, collabUrl },
      createLogger('app', 'info', logs.destination),
    );
    const calls: number[] = [];
    const failing = stepsWithArchive(async () => {
      calls.push(Date.now());
      throw new Error('the archive store is unreachable');
    });
    // The submission's own attempt is the first.
    await submitInterview(context, session!.candidateId, 'candidate', failing);
    expect(calls).toHaveLength(1);

    let at = Date.now();
    const watcher = startDeadlineWatcher(context, failing, 600_000, () => new Date(at));
    const job = async () => {
      const [row] = await database.db
        .select()
        .from(archiveJobs)
        .where(eq(archiveJobs.sessionId, session!.sessionId));
      return row!;
    };
    for (let attempt = 1; attempt < MAX_ARCHIVE_ATTEMPTS; attempt++) {
      // Not before its backoff…
      at += archiveRetryDelayMs(attempt) - 1000;
      await watcher.tick();
      expect(calls).toHaveLength(attempt);
      expect(await job()).toMatchObject({ status: 'queued', attempts: attempt });
      // …and once it is over.
      at += 2000;
      await watcher.tick();
      expect(calls).toHaveLength(attempt + 1);
    }
    expect(await job()).toMatchObject({
      status: 'failed',
      attempts: MAX_ARCHIVE_ATTEMPTS,
      error: 'the archive store is unreachable',
    });
    // Given up: a year later it is still not tried again.
    at += 365 * 24 * 3600_000;
    await watcher.tick();
    await watcher.stop();
    expect(calls).toHaveLength(MAX_ARCHIVE_ATTEMPTS);

    const givenUp = logs
      .lines()
      .filter((line) => line.level === 50 && line.sessionId === session!.sessionId);
    expect(givenUp.map((line) => line.msg)).toEqual([
      `archiving the workspace failed ${MAX_ARCHIVE_ATTEMPTS} times; giving up`,
    ]);
    const retried = logs
      .lines()
      .filter((line) => line.level === 40 && line.sessionId === session!.sessionId);
    expect(retried).toHaveLength(MAX_ARCHIVE_ATTEMPTS - 1);
    const metrics = await context.services.metrics.registry.metrics();
    expect(metrics).toMatch(/^tandem_archives_failed 1$/m);
    const report = await loadCandidateReport(
      database.db,
      session!.organizationId,
      session!.candidateId,
    );
    expect(report?.archive).toEqual({
      status: 'failed',
      attempts: MAX_ARCHIVE_ATTEMPTS,
      error: 'the archive store is unreachable',
    });
  }, 60_000);
});
