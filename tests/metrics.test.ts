import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { DEMO_PROBLEMS } from '../db/seed/problems.ts';
import { SESSION_DOC } from '../protocol/documents.ts';
import { readSse, startDemoInterview } from './support/candidate.ts';
import { connectToSession, eventually } from './support/collab-client.ts';
import type { FakeAnthropic } from './support/fake-anthropic.ts';
import { type FakeResend, startFakeResend } from './support/fake-resend.ts';
import { has, type PromSample, scrape, total } from './support/prometheus.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let anthropic: FakeAnthropic;
let resend: FakeResend;
let stack: TestStack;

beforeAll(async () => {
  resend = await startFakeResend();
  stack = await startTestStack({
    assistant: true,
    env: {
      ANTHROPIC_MODEL: 'claude-metrics',
      RESEND_API_KEY: 're_test_key',
      RESEND_BASE_URL: resend.url,
      // Small, so a short session crosses one.
      CHECKPOINT_EVERY: '10',
    },
  });
  anthropic = stack.anthropic!;
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await resend?.close();
});

interface Scrapes {
  app: PromSample[];
  collab: PromSample[];
  bridge: PromSample[];
}

async function scrapeAll(): Promise<Scrapes> {
  const collabHttp = stack.collabUrl.replace(/^ws/, 'http');
  const [app, collab, bridge] = await Promise.all([
    scrape(stack.baseUrl),
    scrape(collabHttp),
    scrape(stack.bridgeUrl),
  ]);
  return { app, collab, bridge };
}

describe('/metrics on each service', () => {
  it('serves its own series and the process metrics, and none of another service’s', async () => {
    const { app, collab, bridge } = await scrapeAll();
    for (const samples of [app, collab, bridge]) {
      expect(has(samples, 'process_cpu_user_seconds_total')).toBe(true);
      expect(has(samples, 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
    }
    expect(has(app, 'tandem_interviews_active')).toBe(true);
    expect(has(collab, 'tandem_collab_connections')).toBe(true);
    expect(has(bridge, 'tandem_sandboxes_active')).toBe(true);
    expect(has(app, 'tandem_collab_connections') || has(app, 'tandem_sandboxes_active')).toBe(
      false,
    );
    expect(
      has(bridge, 'tandem_interviews_active') || has(bridge, 'tandem_collab_connections'),
    ).toBe(false);
    expect(has(collab, 'tandem_interviews_active') || has(collab, 'tandem_sandboxes_active')).toBe(
      false,
    );
  });

  it('moves its counters through a scripted session: typing, tests, an AI turn, submission', async () => {
    const before = await scrapeAll();
    const interview = await startDemoInterview(stack);
    const candidate = await connectToSession(stack, interview.session, {
      role: 'candidate',
      subject: interview.candidateId,
    });
    const api = (suffix: string) => `/api/interview/${interview.candidateId}${suffix}`;

    // Typing: one update per keystroke, enough to cross a checkpoint.
    const solution = DEMO_PROBLEMS[0]!.referenceSolution[0]!;
    candidate.write(solution.path, solution.content);
    const text = candidate.doc.getMap<Y.Text>(SESSION_DOC.files).get(solution.path)!;
    for (const char of '// typed by the candidate') text.insert(text.length, char);
    await eventually(
      () => candidate.provider.unsyncedChanges === 0,
      'the typing reached the server',
    );

    const during = await scrapeAll();
    expect(total(during.collab, 'tandem_collab_connections')).toBeGreaterThanOrEqual(1);
    expect(total(during.collab, 'tandem_collab_documents_loaded')).toBeGreaterThanOrEqual(1);
    expect(total(during.app, 'tandem_interviews_active')).toBeGreaterThanOrEqual(1);

    const tests = await interview.browser.postJson(api('/run-tests'));
    expect((await readSse(tests)).at(-1)?.event).toBe('done');
    expect(total((await scrapeAll()).bridge, 'tandem_sandboxes_active')).toBeGreaterThanOrEqual(1);

    anthropic.script({ text: ['Looks ', 'right.'], inputTokens: 120, outputTokens: 7 });
    const chat = await interview.browser.postJson(api('/chat'), { message: 'Is this right?' });
    expect((await readSse(chat)).at(-1)?.event).toBe('done');

    // Submission mails the candidate and the interviewers: the first one is refused (and
    // left queued for the deadline watcher's retry, decision 016).
    resend.failNext(1);
    const submitted = await interview.browser.postJson(api('/submit'));
    expect(submitted.status).toBe(200);
    candidate.close();

    // History rows are written within a flush interval of the last update.
    const after = await eventually(async () => {
      const scrapes = await scrapeAll();
      const pending = total(scrapes.collab, 'tandem_collab_history_pending');
      const checkpoints = total(scrapes.collab, 'tandem_collab_checkpoints_written_total');
      return (
        pending === 0 &&
        checkpoints > total(before.collab, 'tandem_collab_checkpoints_written_total') &&
        scrapes
      );
    }, 'the history written and a checkpoint taken');
    const moved = (service: keyof Scrapes, name: string, labels: Record<string, string> = {}) =>
      total(after[service], name, labels) - total(before[service], name, labels);

    // collab-server
    const keystrokes = '// typed by the candidate'.length;
    expect(moved('collab', 'tandem_collab_updates_applied_total')).toBeGreaterThanOrEqual(
      keystrokes,
    );
    expect(moved('collab', 'tandem_collab_history_rows_written_total')).toBeGreaterThanOrEqual(
      keystrokes,
    );
    expect(moved('collab', 'tandem_collab_history_write_lag_seconds_count')).toBeGreaterThanOrEqual(
      keystrokes,
    );
    expect(moved('collab', 'tandem_collab_checkpoints_written_total')).toBeGreaterThanOrEqual(1);
    expect(
      moved('collab', 'tandem_http_request_duration_seconds_count', {
        route: '/sessions/:id/close',
        status: '200',
      }),
    ).toBe(1);

    // sandbox-bridge
    expect(moved('bridge', 'tandem_test_runs_total', { kind: 'visible', outcome: 'passed' })).toBe(
      1,
    );
    expect(moved('bridge', 'tandem_test_runs_total', { kind: 'final' })).toBe(1);
    expect(moved('bridge', 'tandem_test_run_duration_seconds_count', { kind: 'visible' })).toBe(1);
    expect(total(after.bridge, 'tandem_test_runs_in_progress')).toBe(0);
    for (const action of ['start', 'tests', 'grade', 'archive']) {
      expect(
        moved('bridge', 'tandem_http_request_duration_seconds_count', {
          route: `/sessions/:id/${action}`,
        }),
        action,
      ).toBeGreaterThanOrEqual(1);
    }
    // Archived on submission: the session's sandbox is gone.
    expect(total(after.bridge, 'tandem_sandboxes_active')).toBe(0);

    // app
    const model = { model: 'claude-metrics', purpose: 'chat' };
    expect(moved('app', 'tandem_ai_tokens_total', { ...model, type: 'input' })).toBe(120);
    expect(moved('app', 'tandem_ai_tokens_total', { ...model, type: 'output' })).toBe(7);
    expect(
      moved('app', 'tandem_ai_request_duration_seconds_count', { ...model, outcome: 'ok' }),
    ).toBe(1);
    expect(moved('app', 'tandem_ai_first_token_seconds_count', { model: 'claude-metrics' })).toBe(
      1,
    );
    expect(moved('app', 'tandem_emails_total', { status: 'sent' })).toBe(1);
    expect(moved('app', 'tandem_emails_total', { status: 'retry' })).toBe(1);
    expect(moved('app', 'tandem_emails_total', { status: 'failed' })).toBe(0);
    for (const route of [
      '/api/interview/:id/run-tests',
      '/api/interview/:id/chat',
      '/api/interview/:id/submit',
    ]) {
      expect(
        moved('app', 'tandem_http_request_duration_seconds_count', {
          method: 'POST',
          route,
          status: '200',
        }),
        route,
      ).toBe(1);
    }
    expect(
      moved('app', 'tandem_http_request_duration_seconds_count', { route: '/invite/:token' }),
    ).toBe(1);
  });

  it('labels HTTP latency by route pattern only: no interview id appears in any label', async () => {
    const { app, bridge, collab } = await scrapeAll();
    const routes = [...app, ...bridge, ...collab]
      .filter((sample) => sample.name === 'tandem_http_request_duration_seconds_count')
      .map((sample) => sample.labels.route ?? '');
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) expect(route).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });
});
