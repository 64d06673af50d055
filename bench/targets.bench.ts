// `npm run bench -- targets [--candidates=12] [--reads=60] [--chats=30] [--kind=postgres|pglite]`:
// the seed's performance targets (issue 17), each measured through the real
// app (the whole stack in this process, as tests/support/stack.ts starts it)
// beside a baseline that does the same without the app:
// - session initialization under 2 s (p95): an invited candidate's Start
//   (the invitation's POST, which creates the session) then
//   POST /api/interview/:id/initialize, for fresh candidates; baseline: the
//   cheapest authenticated API call (GET …/status: cookie, routing, one
//   indexed lookup);
// - file read under 100 ms (p95): GET /api/interview/:id/files/solution.ts;
//   baselines: the same bytes read from a file on disk, and GET …/status;
// - AI chat first token under 500 ms with the local Anthropic stand-in
//   answering its first token in 200 ms: POST …/chat until the first
//   `content` event; baseline: the stand-in called directly with the same
//   SDK, until its first text delta. The app's overhead is the difference.
// Needs the app built (`npm run build`). The machine is shared: the load
// average is printed with the results, and CPU time is not separable here
// (the stack runs in this process), so these are wall-clock latencies.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { eq } from 'drizzle-orm';
import { candidates } from '../db/schema/index.ts';
import { readSseEvents } from '../protocol/sse.ts';
import { inviteToAssessment, startInvitedInterview } from '../tests/support/candidate.ts';
import type { TestClient } from '../tests/support/http.ts';
import { startTestStack, type TestStack } from '../tests/support/stack.ts';
import { type BenchRow, percentile, writeReport } from './report.ts';

interface Options {
  candidates: number;
  reads: number;
  chats: number;
  kind: 'postgres' | 'pglite';
}

/** The stand-in's time to its first token (the seed's "model answering in 200 ms"). */
const MODEL_FIRST_TOKEN_MS = 200;
const TARGETS = { initializeMs: 2000, fileReadMs: 100, firstTokenMs: 500 } as const;
/** The chat rate limit allows 20 turns per session per 10 minutes: spread the chats. */
const CHATS_PER_SESSION = 10;

function parse(args: string[]): Options {
  const options: Options = {
    candidates: 12,
    reads: 60,
    chats: 30,
    kind: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite',
  };
  for (const arg of args) {
    const match = /^--(candidates|reads|chats|kind)=(.+)$/.exec(arg);
    if (!match) {
      throw new Error(
        `bench targets: cannot read ${JSON.stringify(arg)}; usage: npm run bench -- targets [--candidates=12] [--reads=60] [--chats=30] [--kind=postgres|pglite]`,
      );
    }
    const [, name, value] = match as unknown as [string, keyof Options, string];
    if (name === 'kind') {
      if (value !== 'postgres' && value !== 'pglite') {
        throw new Error('bench targets: --kind takes postgres or pglite');
      }
      options.kind = value;
    } else {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 1) {
        throw new Error(`bench targets: --${name} must be a positive integer`);
      }
      options[name] = number;
    }
  }
  return options;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function expectStatus(response: Response, status: number, what: string): Promise<void> {
  if (response.status !== status) {
    throw new Error(`bench targets: ${what} answered ${response.status}: ${await response.text()}`);
  }
}

function row(measure: string, samples: number[], extra: BenchRow = {}): BenchRow {
  return {
    measure,
    samples: samples.length,
    p50_ms: percentile(samples, 50),
    p95_ms: percentile(samples, 95),
    max_ms: Math.max(...samples),
    ...extra,
  };
}

interface Interview {
  browser: TestClient;
  candidateId: string;
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args);
  const load = [loadavg()[0]!];
  const stack = await startTestStack({
    kind: options.kind,
    assistant: true,
    env: { ANTHROPIC_MODEL: 'claude-bench' },
  });
  const folder = mkdtempSync(join(tmpdir(), 'tandem-bench-targets-'));
  try {
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const interviews = await initialization(stack, options, rows, notes);
    load.push(loadavg()[0]!);
    await fileReads(interviews, options, folder, rows, notes);
    load.push(loadavg()[0]!);
    await chatFirstToken(stack, interviews, options, rows, notes);
    load.push(loadavg()[0]!);
    notes.push(
      `database: ${options.kind}; the whole stack (app, collab-server, bridge) in this process; requests one at a time.`,
      `machine: ${cpus().length} cores, 1-minute load average ${load.map((value) => value.toFixed(1)).join(' → ')} (shared).`,
    );
    writeReport({
      name: 'targets',
      parameters: { ...options, cpus: cpus().length, loadAverage: load },
      rows,
      notes,
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await stack.close();
  }
}

/** Fresh candidates start and initialize their interviews; the status call is the floor. */
async function initialization(
  stack: TestStack,
  options: Options,
  rows: BenchRow[],
  notes: string[],
): Promise<Interview[]> {
  const [demo] = await stack.database.db
    .select({ assessmentId: candidates.assessmentId })
    .from(candidates)
    .where(eq(candidates.organizationId, stack.demo.organizationId))
    .limit(1);
  const starts: number[] = [];
  const initializes: number[] = [];
  const totals: number[] = [];
  const resumes: number[] = [];
  const statuses: number[] = [];
  const interviews: Interview[] = [];
  // Candidate 0 warms the process up (the routes' modules load on first use) and is not counted.
  let warmUp = 0;
  for (let i = 0; i <= options.candidates; i++) {
    const { token } = await inviteToAssessment(
      stack,
      demo!.assessmentId,
      `Bench Candidate ${i}`,
      `bench-${i}-${Date.now()}@example.com`,
    );
    let interview: Interview | null = null;
    const start = await timed(async () => {
      interview = await startInvitedInterview(stack, token);
    });
    const { browser, candidateId } = interview!;
    const path = `/api/interview/${candidateId}/initialize`;
    const initialize = await timed(async () =>
      expectStatus(await browser.postJson(path), 200, 'initialize'),
    );
    if (i === 0) {
      warmUp = start + initialize;
      continue;
    }
    starts.push(start);
    initializes.push(initialize);
    totals.push(start + initialize);
    resumes.push(
      await timed(async () => expectStatus(await browser.postJson(path), 200, 'initialize again')),
    );
    statuses.push(
      await timed(async () =>
        expectStatus(await browser.request(`/api/interview/${candidateId}/status`), 200, 'status'),
      ),
    );
    interviews.push({ browser, candidateId });
  }
  const total95 = percentile(totals, 95);
  rows.push(
    row('initialize: Start (invitation POST, creates the session)', starts),
    row('initialize: POST /initialize after Start', initializes),
    row('initialize: Start + /initialize (seed 1.1)', totals, {
      target: `< ${TARGETS.initializeMs} ms p95: ${total95 < TARGETS.initializeMs ? 'met' : 'NOT met'}`,
    }),
    row('initialize: POST /initialize again (resume)', resumes),
    row('baseline: GET /status (authenticated API floor)', statuses),
  );
  notes.push(
    `initialize: the first candidate of the process (not counted) took ${warmUp.toFixed(0)} ms; then ${options.candidates} fresh candidates invited to the demo's Two Sum assessment; overhead over the status floor p95 ${(total95 - percentile(statuses, 95)).toFixed(1)} ms.`,
  );
  return interviews;
}

/** The same file through the files API and from disk. */
async function fileReads(
  interviews: Interview[],
  options: Options,
  folder: string,
  rows: BenchRow[],
  notes: string[],
): Promise<void> {
  const api: number[] = [];
  const disk: number[] = [];
  const statuses: number[] = [];
  for (let i = 0; i < options.reads; i++) {
    const { browser, candidateId } = interviews[i % interviews.length]!;
    let content = '';
    api.push(
      await timed(async () => {
        const response = await browser.request(`/api/interview/${candidateId}/files/solution.ts`);
        await expectStatus(response, 200, 'file read');
        content = await response.text();
      }),
    );
    const file = join(folder, `solution-${i}.ts`);
    writeFileSync(file, content);
    disk.push(
      await timed(async () => {
        if ((await readFile(file, 'utf8')) !== content) throw new Error('disk read differs');
      }),
    );
    statuses.push(
      await timed(async () =>
        expectStatus(await browser.request(`/api/interview/${candidateId}/status`), 200, 'status'),
      ),
    );
  }
  const p95 = percentile(api, 95);
  rows.push(
    row('file read: GET /files/solution.ts', api, {
      target: `< ${TARGETS.fileReadMs} ms p95: ${p95 < TARGETS.fileReadMs ? 'met' : 'NOT met'}`,
    }),
    row('baseline: the same file read from disk', disk),
    row('baseline: GET /status (authenticated API floor)', statuses),
  );
  notes.push(
    `file read: ${options.reads} reads over ${interviews.length} sessions; API p95 − disk p95 = ${(p95 - percentile(disk, 95)).toFixed(1)} ms, − status floor p95 = ${(p95 - percentile(statuses, 95)).toFixed(1)} ms.`,
  );
}

/** Time to the first token through the app, and from the stand-in directly. */
async function chatFirstToken(
  stack: TestStack,
  interviews: Interview[],
  options: Options,
  rows: BenchRow[],
  notes: string[],
): Promise<void> {
  const anthropic = stack.anthropic!;
  anthropic.script({ text: ['Use a ', 'hash map.'], delayMs: MODEL_FIRST_TOKEN_MS });
  const direct = new Anthropic({ apiKey: 'bench-key', baseURL: anthropic.url });
  const app: number[] = [];
  const model: number[] = [];
  for (let i = 0; i < options.chats; i++) {
    const { browser, candidateId } = interviews[Math.floor(i / CHATS_PER_SESSION)]!;
    app.push(await appFirstToken(browser, candidateId));
    model.push(await directFirstToken(direct));
  }
  const p95 = percentile(app, 95);
  rows.push(
    row('chat: POST /chat to the first content event', app, {
      target: `< ${TARGETS.firstTokenMs} ms p95: ${p95 < TARGETS.firstTokenMs ? 'met' : 'NOT met'}`,
    }),
    row(
      `baseline: the stand-in called directly (first token at ${MODEL_FIRST_TOKEN_MS} ms)`,
      model,
    ),
  );
  notes.push(
    `chat: ${options.chats} turns (${CHATS_PER_SESSION} per session, under the rate limit), interleaved with direct calls; the app's first-token overhead p50 ${(percentile(app, 50) - percentile(model, 50)).toFixed(1)} ms, p95 ${(p95 - percentile(model, 95)).toFixed(1)} ms.`,
  );
  if (options.chats > interviews.length * CHATS_PER_SESSION) {
    throw new Error('bench targets: more chats than the sessions may take; add --candidates');
  }
}

async function appFirstToken(browser: TestClient, candidateId: string): Promise<number> {
  const started = performance.now();
  const response = await browser.postJson(`/api/interview/${candidateId}/chat`, {
    message: 'How do I make this faster?',
  });
  await expectStatus(response, 200, 'chat');
  let first: number | null = null;
  const seen: string[] = [];
  // Read to the end: the turn is released (and stored) when the stream finishes.
  for await (const event of readSseEvents(response.body!)) {
    seen.push(event.event);
    if (event.event === 'content') first ??= performance.now() - started;
  }
  if (first === null || seen.at(-1) !== 'done') {
    throw new Error(`bench targets: the chat stream was ${seen.join(', ')}`);
  }
  return first;
}

async function directFirstToken(client: Anthropic): Promise<number> {
  const started = performance.now();
  let first: number | null = null;
  const stream = client.messages.stream({
    model: 'claude-bench',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'How do I make this faster?' }],
  });
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
      first ??= performance.now() - started;
    }
  }
  if (first === null) throw new Error('bench targets: the stand-in sent no text');
  return first;
}
