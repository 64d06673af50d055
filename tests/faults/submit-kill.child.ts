/**
 * A submission as its own process, for tests/faults/submission-follow-ups.test.ts:
 * the app's services on PGLITE_DIR or DATABASE_URL, Resend at RESEND_BASE_URL,
 * and a sandbox step whose archive never returns (ARCHIVE=hang) or
 * archives at once (ARCHIVE=ok, then the e-mails follow). It submits
 * CANDIDATE_ID's interview and prints "archiving <session>" once the
 * submission has committed and begun what follows the commit; the test
 * kills it there, or once Resend has taken a mail.
 */
import { submitInterview } from '../../app/interview/submit.server.ts';
import { openDatabase } from '../../db/client.ts';
import { followUpContext, recordingArchive, stepsWithArchive } from '../support/follow-ups.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const database = process.env.DATABASE_URL
  ? await openDatabase({ url: process.env.DATABASE_URL, maxConnections: 2, migrate: false })
  : await openDatabase({ dataDir: env('PGLITE_DIR'), migrate: false });
const context = followUpContext(database, { resendUrl: env('RESEND_BASE_URL') });
const archived: string[] = [];
const archiveNow = recordingArchive(database, archived).archive;
const steps = stepsWithArchive(async (archiveContext, session) => {
  console.log(`archiving ${session.id}`);
  if (env('ARCHIVE') === 'ok') return archiveNow(archiveContext, session);
  // A slow bridge: the archive never returns, the process lives until the kill.
  await new Promise(() => setInterval(() => {}, 60_000));
});
await submitInterview(context, env('CANDIDATE_ID'), 'candidate', steps);
console.log('submitted');
