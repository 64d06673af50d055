import { and, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { Resend } from 'resend';
import type { Database } from '../../db/client.ts';
import { emailOutbox } from '../../db/schema/index.ts';
import type { Logger } from '../../protocol/logger.ts';

export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** What the mail is about, e.g. 'candidate-invite'. */
  kind: string;
  organizationId?: string | null;
}

export interface SentEmail {
  id: string;
  status: 'outbox' | 'sent' | 'failed';
  error?: string;
}

/** Attempts at delivering a queued mail before it is marked failed. */
export const MAX_EMAIL_ATTEMPTS = 5;
/** How long a claimed mail belongs to its deliverer; after that another may take it over. */
export const EMAIL_LEASE_MS = 2 * 60_000;
/** How long a queued mail is left to the process that queued it before the outbox pass takes it. */
export const EMAIL_GRACE_MS = 60_000;
/** Wait before attempt n+1 of a queued mail: 30 s, 2 min, 8 min, 32 min. */
export const emailRetryDelayMs = (attempts: number) => 30_000 * 4 ** (attempts - 1);

export interface Mailer {
  /** Records the mail in the outbox and, when Resend is configured, sends it. Never throws for a provider failure. */
  send(message: EmailMessage): Promise<SentEmail>;
  /**
   * Records the mail in the outbox inside the caller's transaction, once per
   * key (a second queue with the key does nothing): it commits or vanishes
   * with the caller's writes. With Resend it waits as 'queued' for
   * `deliverQueued` (after the commit) or, if that never happens, the outbox pass.
   */
  queue(tx: Pick<Database, 'insert'>, message: EmailMessage, idempotencyKey: string): Promise<void>;
  /** Delivers the queued mails with these keys now, unless another deliverer has them. */
  deliverQueued(keys: string[]): Promise<SentEmail[]>;
  /** Delivers up to `limit` queued mails due at `now`, or whose deliverer's lease ran out; how many were tried. */
  deliverDue(limit: number, now?: Date): Promise<number>;
  readonly provider: 'resend' | 'outbox';
}

export interface MailerOptions {
  db: Database;
  logger: Logger;
  from: string;
  resendApiKey?: string | undefined;
  resendBaseUrl?: string | undefined;
  /** Told the result of every mail, and of every failed attempt that will be retried (for metrics). */
  onOutcome?: (kind: string, status: SentEmail['status'] | 'retry') => void;
}

type OutboxRow = typeof emailOutbox.$inferSelect;

/**
 * Every e-mail goes into `email_outbox` first, so nothing is lost and admins
 * can see what was sent; with RESEND_API_KEY it is then sent through Resend
 * and the row records the outcome.
 */
export function createMailer(options: MailerOptions): Mailer {
  const { db, logger, from } = options;
  const outcome = (kind: string, sent: SentEmail): SentEmail => {
    options.onOutcome?.(kind, sent.status);
    return sent;
  };
  const resend = options.resendApiKey
    ? new Resend(
        options.resendApiKey,
        options.resendBaseUrl ? { baseUrl: options.resendBaseUrl } : undefined,
      )
    : null;

  /** One call to Resend; a key makes a repeated call (same key, same mail) answer the first one's id. */
  const post = async (
    client: Resend,
    message: Pick<EmailMessage, 'to' | 'subject' | 'html' | 'text'>,
    idempotencyKey?: string,
  ): Promise<{ messageId: string } | { error: string }> => {
    const result = await client.emails
      .send(
        { from, to: message.to, subject: message.subject, html: message.html, text: message.text },
        idempotencyKey ? { idempotencyKey } : undefined,
      )
      .catch((error: unknown) => ({ data: null, error: { message: String(error) } }));
    if (result.error || !result.data) return { error: result.error?.message ?? 'no response' };
    return { messageId: result.data.id };
  };

  /**
   * Claims a queued mail (one conditional update: of two deliverers one
   * wins), sends it and records the outcome only while the claim still holds
   * (same attempt number), like the review queue (app/review/jobs.server.ts).
   */
  const deliverClaimed = async (
    client: Resend,
    claimed: OutboxRow,
    now: Date,
  ): Promise<SentEmail> => {
    const sent = await post(client, claimed, claimed.idempotencyKey ?? claimed.id);
    const ours = and(
      eq(emailOutbox.id, claimed.id),
      eq(emailOutbox.attempts, claimed.attempts),
      eq(emailOutbox.status, 'sending'),
    );
    if ('messageId' in sent) {
      await db
        .update(emailOutbox)
        .set({
          status: 'sent',
          providerMessageId: sent.messageId,
          error: null,
          leaseUntil: null,
          sentAt: new Date(),
        })
        .where(ours);
      return outcome(claimed.kind, { id: claimed.id, status: 'sent' });
    }
    const final = claimed.attempts >= MAX_EMAIL_ATTEMPTS;
    const fields = { kind: claimed.kind, emailId: claimed.id, attempt: claimed.attempts };
    if (final) {
      logger.error(
        { ...fields, error: sent.error },
        `e-mail delivery failed ${claimed.attempts} times; giving up`,
      );
    } else {
      logger.warn({ ...fields, error: sent.error }, 'e-mail delivery failed; will retry');
    }
    await db
      .update(emailOutbox)
      .set({
        status: final ? 'failed' : 'queued',
        error: sent.error.slice(0, 1000),
        leaseUntil: null,
        nextAttemptAt: new Date(now.getTime() + emailRetryDelayMs(claimed.attempts)),
      })
      .where(ours);
    if (!final) options.onOutcome?.(claimed.kind, 'retry');
    return final
      ? outcome(claimed.kind, { id: claimed.id, status: 'failed', error: sent.error })
      : { id: claimed.id, status: 'failed', error: sent.error };
  };

  /** The outbox columns a message fills, queued or sent at once. */
  const outboxRow = (message: EmailMessage) => ({
    organizationId: message.organizationId ?? null,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    kind: message.kind,
    provider: resend ? 'resend' : 'outbox',
  });

  const claim = async (condition: ReturnType<typeof and>, now: Date): Promise<OutboxRow | null> => {
    const [claimed] = await db
      .update(emailOutbox)
      .set({
        status: 'sending',
        attempts: sql`${emailOutbox.attempts} + 1`,
        leaseUntil: new Date(now.getTime() + EMAIL_LEASE_MS),
      })
      .where(condition)
      .returning();
    return claimed ?? null;
  };

  return {
    provider: resend ? 'resend' : 'outbox',
    async send(message) {
      const [row] = await db
        .insert(emailOutbox)
        .values({ ...outboxRow(message), status: 'outbox' })
        .returning({ id: emailOutbox.id });
      const id = row!.id;
      if (!resend) return outcome(message.kind, { id, status: 'outbox' });
      const sent = await post(resend, message);
      if ('error' in sent) {
        const { error } = sent;
        logger.warn({ kind: message.kind, emailId: id, error }, 'e-mail delivery failed');
        await db
          .update(emailOutbox)
          .set({ status: 'failed', error, attempts: 1 })
          .where(eq(emailOutbox.id, id));
        return outcome(message.kind, { id, status: 'failed', error });
      }
      await db
        .update(emailOutbox)
        .set({ status: 'sent', providerMessageId: sent.messageId, attempts: 1, sentAt: new Date() })
        .where(eq(emailOutbox.id, id));
      return outcome(message.kind, { id, status: 'sent' });
    },
    async queue(tx, message, idempotencyKey) {
      await tx
        .insert(emailOutbox)
        .values({
          ...outboxRow(message),
          // Without a provider the committed row is the mail: nothing is left to do.
          status: resend ? 'queued' : 'outbox',
          idempotencyKey,
          nextAttemptAt: new Date(Date.now() + EMAIL_GRACE_MS),
        })
        .onConflictDoNothing({ target: emailOutbox.idempotencyKey });
    },
    async deliverQueued(keys) {
      if (keys.length === 0) return [];
      if (!resend) {
        const rows = await db
          .select({ id: emailOutbox.id, kind: emailOutbox.kind })
          .from(emailOutbox)
          .where(inArray(emailOutbox.idempotencyKey, keys));
        return rows.map((row) => outcome(row.kind, { id: row.id, status: 'outbox' }));
      }
      const results: SentEmail[] = [];
      for (const key of keys) {
        // Only a mail still 'queued' is claimed: the outbox pass may have taken it already.
        const now = new Date();
        const claimed = await claim(
          and(eq(emailOutbox.idempotencyKey, key), eq(emailOutbox.status, 'queued')),
          now,
        );
        if (claimed) results.push(await deliverClaimed(resend, claimed, now));
      }
      return results;
    },
    async deliverDue(limit, now = new Date()) {
      if (!resend) return 0;
      const due = await db
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(dueCondition(now))
        .orderBy(emailOutbox.nextAttemptAt)
        .limit(limit);
      let tried = 0;
      for (const { id } of due) {
        const claimed = await claim(and(eq(emailOutbox.id, id), dueCondition(now)), now);
        if (!claimed) continue;
        tried += 1;
        await deliverClaimed(resend, claimed, now);
      }
      return tried;
    },
  };
}

/** Queued and due, or being sent under a lease that ran out (its deliverer died). */
function dueCondition(now: Date) {
  return or(
    and(eq(emailOutbox.status, 'queued'), lte(emailOutbox.nextAttemptAt, now)),
    and(eq(emailOutbox.status, 'sending'), lte(emailOutbox.leaseUntil, now)),
  );
}
