import { count, eq } from 'drizzle-orm';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Database } from '../../db/client.ts';
import { archiveJobs, interviewSessions } from '../../db/schema/index.ts';
import {
  createMetricsRegistry,
  type HttpDurationLabels,
  httpDurationHistogram,
} from '../../protocol/metrics.ts';

/** One call to the AI model: a chat turn (all its tool rounds) or a generated variant. */
export interface AiCall {
  purpose: 'chat' | 'variant';
  model: string;
  inputTokens: number;
  outputTokens: number;
  seconds: number;
  /** Seconds to the first streamed token, when the call streams. */
  firstTokenSeconds?: number | null;
  outcome: 'ok' | 'error';
}

/**
 * The app's metrics, in its own registry (services.metrics). Route code
 * reaches them through `context.services`, never through a module of its own:
 * the Remix build holds a second copy of every module it imports.
 */
export interface AppMetrics {
  registry: Registry;
  httpDuration: Histogram<HttpDurationLabels>;
  aiCall(call: AiCall): void;
  email(kind: string, status: 'outbox' | 'sent' | 'failed' | 'retry'): void;
}

const AI_DURATION_BUCKETS = [0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];

export function createAppMetrics(db: Database): AppMetrics {
  const registry = createMetricsRegistry();
  const registers = [registry];
  const aiTokens = new Counter({
    name: 'tandem_ai_tokens_total',
    help: 'Tokens sent to (input) and received from (output) the AI model.',
    labelNames: ['model', 'purpose', 'type'],
    registers,
  });
  const aiDuration = new Histogram({
    name: 'tandem_ai_request_duration_seconds',
    help: 'Time of one AI call: a whole chat turn with its tool rounds, or one generated variant.',
    labelNames: ['model', 'purpose', 'outcome'],
    buckets: AI_DURATION_BUCKETS,
    registers,
  });
  const aiFirstToken = new Histogram({
    name: 'tandem_ai_first_token_seconds',
    help: 'Time from the start of a chat turn to the first streamed token.',
    labelNames: ['model'],
    buckets: AI_DURATION_BUCKETS,
    registers,
  });
  const emails = new Counter({
    name: 'tandem_emails_total',
    help: 'E-mails by kind and result: sent, failed (the provider refused; a queued mail: at its last attempt), retry (a queued mail refused, tried again later), outbox (no provider configured).',
    labelNames: ['kind', 'status'],
    registers,
  });
  new Gauge({
    name: 'tandem_interviews_active',
    help: 'Interview sessions in progress (status ACTIVE), read from the database at each scrape.',
    registers,
    async collect() {
      // A scrape must still answer while the database is away (readiness says so).
      try {
        const [row] = await db
          .select({ n: count() })
          .from(interviewSessions)
          .where(eq(interviewSessions.status, 'ACTIVE'));
        this.set(row?.n ?? 0);
      } catch {
        this.reset();
      }
    },
  });
  new Gauge({
    name: 'tandem_archives_failed',
    help: 'Submitted workspaces whose archive failed at every attempt (archive_jobs status failed), read at each scrape.',
    registers,
    async collect() {
      try {
        const [row] = await db
          .select({ n: count() })
          .from(archiveJobs)
          .where(eq(archiveJobs.status, 'failed'));
        this.set(row?.n ?? 0);
      } catch {
        this.reset();
      }
    },
  });
  return {
    registry,
    httpDuration: httpDurationHistogram(registry),
    aiCall(call) {
      const { model, purpose } = call;
      aiTokens.inc({ model, purpose, type: 'input' }, call.inputTokens);
      aiTokens.inc({ model, purpose, type: 'output' }, call.outputTokens);
      aiDuration.observe({ model, purpose, outcome: call.outcome }, call.seconds);
      if (call.firstTokenSeconds != null) aiFirstToken.observe({ model }, call.firstTokenSeconds);
    },
    email(kind, status) {
      emails.inc({ kind, status });
    },
  };
}
