import { eq } from 'drizzle-orm';
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

export interface Mailer {
  /** Records the mail in the outbox and, when Resend is configured, sends it. Never throws for a provider failure. */
  send(message: EmailMessage): Promise<SentEmail>;
  readonly provider: 'resend' | 'outbox';
}

export interface MailerOptions {
  db: Database;
  logger: Logger;
  from: string;
  resendApiKey?: string | undefined;
  resendBaseUrl?: string | undefined;
  /** Told the result of every mail (for metrics). */
  onOutcome?: (kind: string, status: SentEmail['status']) => void;
}

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
  return {
    provider: resend ? 'resend' : 'outbox',
    async send(message) {
      const [row] = await db
        .insert(emailOutbox)
        .values({
          organizationId: message.organizationId ?? null,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          kind: message.kind,
          status: 'outbox',
          provider: resend ? 'resend' : 'outbox',
        })
        .returning({ id: emailOutbox.id });
      const id = row!.id;
      if (!resend) return outcome(message.kind, { id, status: 'outbox' });
      const result = await resend.emails
        .send({
          from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
        })
        .catch((error: unknown) => ({ data: null, error: { message: String(error) } }));
      if (result.error || !result.data) {
        const error = result.error?.message ?? 'no response';
        logger.warn({ kind: message.kind, emailId: id, error }, 'e-mail delivery failed');
        await db
          .update(emailOutbox)
          .set({ status: 'failed', error, attempts: 1 })
          .where(eq(emailOutbox.id, id));
        return outcome(message.kind, { id, status: 'failed', error });
      }
      await db
        .update(emailOutbox)
        .set({ status: 'sent', providerMessageId: result.data.id, attempts: 1, sentAt: new Date() })
        .where(eq(emailOutbox.id, id));
      return outcome(message.kind, { id, status: 'sent' });
    },
  };
}
