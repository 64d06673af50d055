// `npm run bench -- review [--limit N]`: the AI review of one interview, end to
// end except the database — replay index and timeline, evidence, redaction,
// the request, the model call (the local Anthropic stand-in, through the real
// SDK), the citation check — for the synthetic interview and for the B4 trace
// recorded as a session. The stand-in reports as input tokens the request's
// size / 4 (about Anthropic's characters per token) and 800 output tokens, so
// the cost column is an estimate at claude-sonnet-5-5 prices. Baseline: the
// model round trip itself; what Tandem adds is the other columns.
import { loadavg } from 'node:os';
import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_AI_PRICING } from '../app/costs/pricing.ts';
import { checkpointsOf } from '../app/replay/fixtures/session-recorder.ts';
import { syntheticSession } from '../app/replay/fixtures/synthetic-session.ts';
import { traceToHistory } from '../app/replay/fixtures/trace-session.ts';
import { checkCitations } from '../app/review/citations.ts';
import { collectEvidence } from '../app/review/evidence.ts';
import { buildReviewRequest, REVIEW_TOOL } from '../app/review/prompt.ts';
import { createRedactor } from '../app/review/redact.ts';
import { askForReview } from '../app/review/review-model.server.ts';
import { DEFAULT_RUBRIC } from '../app/review/rubric.ts';
import { openSessionReplay } from '../app/review/session-replay.ts';
import type { SessionHistory } from '../protocol/history-format.ts';
import { startFakeAnthropic } from '../tests/support/fake-anthropic.ts';
import { loadTrace } from '../tests/support/traces.ts';
import { type BenchRow, writeReport } from './report.ts';

const MODEL = 'claude-sonnet-5-5';

/** The history with `lines` interviewer–candidate chat lines spread over the session. */
function withChat(history: SessionHistory, lines: number): SessionHistory {
  const start = history.meta.startedAt ?? history.events[0]?.at ?? 0;
  const end = history.events.at(-1)?.at ?? start;
  const chat = Array.from({ length: lines }, (_, i) => ({
    seq: 1_000_000 + i,
    at: start + Math.round(((i + 1) * (end - start)) / (lines + 1)),
    type: 'chat_message' as const,
    source: 'server' as const,
    data:
      i % 2 === 0
        ? {
            authorRole: 'interviewer',
            authorName: 'Grace Hopper',
            text: `Ada, question ${i}: why this data structure, and what is its cost?`,
          }
        : {
            authorRole: 'candidate',
            authorName: 'Ada Lovelace',
            text: `Grace, answer ${i}: a map keeps lookups constant-time, memory grows with n.`,
          },
  }));
  return {
    ...history,
    events: [...history.events, ...chat].sort((a, b) => a.at - b.at || a.seq - b.seq),
  };
}
const OUTPUT_TOKENS = 800;

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
}

const elapsed = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
};

export async function run(args: string[]): Promise<void> {
  const trace = loadTrace('automerge-paper');
  const limit = option(args, 'limit', trace.txns.length);
  const b4 = traceToHistory(trace, { limit });
  const sessions: Array<[string, SessionHistory]> = [
    ['synthetic interview + 30 chat lines', withChat(syntheticSession().history, 30)],
    [
      `B4 trace (${b4.updates.length} edits)`,
      { ...b4, checkpoints: checkpointsOf(b4.updates, 1000) },
    ],
  ];
  const anthropic = await startFakeAnthropic();
  const client = new Anthropic({ apiKey: 'bench', baseURL: anthropic.url });
  const redact = createRedactor({
    name: 'Ada Lovelace',
    email: 'ada@candidate.local',
    others: ['Grace Hopper'],
    wholeOnly: ['Katherine Johnson', 'Dorothy Vaughan', 'Mary Jackson'],
  });
  const price = DEFAULT_AI_PRICING[MODEL]!;
  const rows: BenchRow[] = [];
  try {
    for (const [label, history] of sessions) {
      const cpu = process.cpuUsage();
      const [replay, replayMs] = await elapsed(() => openSessionReplay(history));
      const [evidence, evidenceMs] = await elapsed(() => collectEvidence(replay, redact));
      const request = buildReviewRequest(evidence, DEFAULT_RUBRIC, MODEL);
      const bytes = JSON.stringify(request).length;
      const inputTokens = Math.ceil(bytes / 4);
      const code = evidence.instants.find((i) => i.files?.some((f) => f.text.trim()))!;
      const file = code.files!.find((f) => f.text.trim())!;
      const line = file.text
        .split('\n')
        .find((l) => l.trim().length > 3)!
        .trim();
      const chat = evidence.instants.find((i) => i.kind === 'interviewer-chat');
      const citations = [
        { t: code.t, quote: line, path: file.path },
        { t: code.t, quote: 'a sentence nobody wrote' },
        ...(chat ? [{ t: chat.t, quote: chat.text!.slice(0, 40) }] : []),
      ];
      const ours = process.cpuUsage(cpu);
      anthropic.script({
        toolUse: {
          name: REVIEW_TOOL,
          input: {
            summary: 'bench',
            dimensions: DEFAULT_RUBRIC.map((d) => ({
              key: d.key,
              score: 3,
              reasoning: 'x',
              citations,
            })),
          },
        },
        inputTokens,
        outputTokens: OUTPUT_TOKENS,
      });
      const [answer, modelMs] = await elapsed(() => askForReview(client, request));
      const checkCpu = process.cpuUsage();
      const [checks, checkMs] = await elapsed(() =>
        answer.review.dimensions.map((d) => checkCitations(replay, evidence, redact, d.citations)),
      );
      const checkCpuUs = process.cpuUsage(checkCpu);
      const kept = checks.reduce((n, c) => n + c.kept.length, 0);
      const dropped = checks.reduce((n, c) => n + c.dropped.length, 0);
      rows.push({
        session: label,
        instants: evidence.instants.length,
        'request KB': bytes / 1024,
        'replay ms': replayMs,
        'evidence ms': evidenceMs,
        'model call ms (baseline)': modelMs,
        'citation check ms': checkMs,
        'total ms': replayMs + evidenceMs + modelMs + checkMs,
        'CPU ms (ours)': (ours.user + ours.system + checkCpuUs.user + checkCpuUs.system) / 1000,
        'kept/dropped': `${kept}/${dropped}`,
        'tokens in/out': `${answer.usage.inputTokens}/${answer.usage.outputTokens}`,
        'cost USD':
          (answer.usage.inputTokens * price.input + answer.usage.outputTokens * price.output) / 1e6,
      });
    }
  } finally {
    await anthropic.close();
  }
  writeReport({
    name: 'review',
    parameters: { model: MODEL, outputTokens: OUTPUT_TOKENS, tokensPerChar: 0.25, limit },
    rows,
    notes: [
      'the model call is the local stand-in: a real model adds its own generation time (tens of seconds for ~800 output tokens)',
      'input tokens = request characters / 4 (an estimate), reported back by the stand-in',
      'CPU ms (ours): process CPU time of replay + evidence + request + citation check, without the model call',
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    ],
  });
}
