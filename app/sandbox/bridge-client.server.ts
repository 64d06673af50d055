import {
  type ArchiveResponse,
  type BridgeErrorBody,
  bridgePaths,
  PROBLEM_TRY_SESSION,
  type StartSandboxResponse,
} from '../../protocol/bridge-api.ts';
import type { GradingSpec } from '../../protocol/grading.ts';
import { REQUEST_ID_HEADER } from '../../protocol/request-id.ts';
import {
  readTestStream,
  type TestDoneEvent,
  type TestErrorEvent,
  type TestResultEvent,
} from '../../protocol/tests-stream.ts';
import { signSessionToken } from '../../protocol/tokens.ts';
import { type BridgeRouting, bridgeOrder } from './bridge-routing.server.ts';

/** The session a call is about: the bridge checks the token names exactly it. */
export interface BridgeSessionRef {
  sessionId: string;
  organizationId: string;
  /** For tests and grading: which of the session's problems (its position); the first when absent. */
  problem?: number;
}

export interface BridgeClientOptions {
  /** BRIDGE_URL: the bridge as the app reaches it, e.g. http://127.0.0.1:3002. */
  bridgeUrl: string;
  /**
   * Several bridges (decision 024): the session's owner first, then these in
   * the session's order; without it only `bridgeUrl`.
   */
  routing?: BridgeRouting;
  /**
   * How long a call keeps trying while its session moves to another bridge
   * (the owner died: its lease must expire first). Default 30 s with routing, else 0.
   */
  failoverMs?: number;
  /** TANDEM_SECRET: service tokens are minted from it per call. */
  secret: string;
  fetch?: typeof fetch;
  /** The id of the request being handled, sent as `x-request-id` so the bridge logs it too. */
  requestId?: () => string | undefined;
}

/** A failed bridge call: `code` from the bridge (or BRIDGE_UNREACHABLE), a sentence, the status. */
export class BridgeClientError extends Error {
  readonly code: string;
  readonly status: number;
  /** With SESSION_OWNED_ELSEWHERE: the bridge that owns the session. */
  readonly ownerUrl: string | undefined;
  constructor(code: string, message: string, status: number, ownerUrl?: string) {
    super(message);
    this.name = 'BridgeClientError';
    this.code = code;
    this.status = status;
    this.ownerUrl = ownerUrl;
  }
}

/** What final grading produced, collected from its stream. */
export interface GradeOutcome {
  runId: string | null;
  results: TestResultEvent[];
  summary: TestDoneEvent | null;
  error: TestErrorEvent | null;
}

export interface BridgeClient {
  /** Creates (or finds) the session's sandbox and starts mirroring its document. */
  startSandbox(session: BridgeSessionRef): Promise<StartSandboxResponse>;
  /**
   * Runs the visible tests; resolves with the bridge's text/event-stream body
   * to pipe to the browser as it is (start, test_result…, done | error).
   */
  runTests(session: BridgeSessionRef): Promise<ReadableStream<Uint8Array>>;
  /** Final grading with the hidden tests; for the app only — never forward it to the candidate. */
  grade(session: BridgeSessionRef): Promise<GradeOutcome>;
  /** Archives the workspace and destroys the sandbox (idempotent). */
  archive(session: BridgeSessionRef): Promise<ArchiveResponse>;
  /** A problem's tests against its code in a throwaway sandbox; the test stream body. */
  tryProblem(
    organizationId: string,
    problem: TryProblemRequest,
  ): Promise<ReadableStream<Uint8Array>>;
}

/** The body of the bridge's POST /problems/try. */
export interface TryProblemRequest {
  language: string;
  files: Array<{ path: string; content: string }>;
  visibleTests: Array<{ path: string; content: string }>;
  /** Hidden cases, judged in the bridge; null when the problem has none. */
  grading: GradingSpec | null;
}

/** Service tokens are short: each call mints its own. */
const SERVICE_TOKEN_TTL_SECONDS = 120;

/** The app's typed client of the sandbox bridge (protocol/bridge-api.ts). */
export function createBridgeClient(options: BridgeClientOptions): BridgeClient {
  const doFetch = options.fetch ?? fetch;
  const base = options.bridgeUrl.replace(/\/$/, '');

  const urls = options.routing?.urls.length ? options.routing.urls : [base];
  // Alone (no routing) a bridge that does not answer is an error at once, as before.
  const failoverMs = options.failoverMs ?? (options.routing ? 30_000 : 0);

  /** One attempt at one bridge: the response, or why that bridge could not serve it. */
  const attempt = async (
    target: string,
    path: string,
    token: string,
    body: unknown,
  ): Promise<Response | { retry: BridgeClientError; ownerUrl?: string }> => {
    const requestId = options.requestId?.();
    let response: Response;
    try {
      response = await doFetch(`${target}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      return {
        retry: new BridgeClientError(
          'BRIDGE_UNREACHABLE',
          `The sandbox bridge at ${target} cannot be reached (${String(error)}); check BRIDGE_URL.`,
          503,
        ),
      };
    }
    if (response.ok) return response;
    const failure = await errorFrom(response);
    // Another bridge owns the session (421), or ownership is changing hands (409 LEASE_LOST).
    if (failure.code === 'SESSION_OWNED_ELSEWHERE' || failure.code === 'LEASE_LOST') {
      return { retry: failure, ...(failure.ownerUrl ? { ownerUrl: failure.ownerUrl } : {}) };
    }
    throw failure;
  };

  const post = async (
    session: BridgeSessionRef,
    path: string,
    body?: unknown,
  ): Promise<Response> => {
    const token = await signSessionToken(
      {
        sessionId: session.sessionId,
        organizationId: session.organizationId,
        subject: 'app',
        role: 'service',
        name: 'Tandem app',
      },
      options.secret,
      SERVICE_TOKEN_TTL_SECONDS,
    );
    const deadline = Date.now() + failoverMs;
    for (;;) {
      const owner = (await options.routing?.ownerOf?.(session.sessionId).catch(() => null)) ?? null;
      const queue = [
        ...new Set([...(owner ? [owner] : []), ...bridgeOrder(urls, session.sessionId)]),
      ];
      const tried = new Set<string>();
      let last: BridgeClientError | null = null;
      while (queue.length > 0) {
        const target = queue.shift()!;
        tried.add(target);
        const outcome = await attempt(target, path, token, body);
        if (outcome instanceof Response) return outcome;
        last = outcome.retry;
        if (outcome.ownerUrl && !tried.has(outcome.ownerUrl)) queue.unshift(outcome.ownerUrl);
      }
      // Every bridge refused or was down: the session's owner died and its lease has not expired yet.
      if (!last || Date.now() >= deadline) throw last;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  return {
    startSandbox: async (session) =>
      (await (
        await post(session, bridgePaths.start(session.sessionId))
      ).json()) as StartSandboxResponse,
    runTests: async (session) => {
      const response = await post(session, bridgePaths.tests(session.sessionId, session.problem));
      if (!response.body)
        throw new BridgeClientError('BRIDGE_FAILED', 'The bridge sent no stream.', 502);
      return response.body;
    },
    grade: async (session) => {
      const response = await post(session, bridgePaths.grade(session.sessionId, session.problem));
      const outcome: GradeOutcome = { runId: null, results: [], summary: null, error: null };
      if (!response.body) return outcome;
      for await (const event of readTestStream(response.body)) {
        if (event.event === 'start') outcome.runId = event.data.runId;
        else if (event.event === 'test_result') outcome.results.push(event.data);
        else if (event.event === 'done') outcome.summary = event.data;
        else outcome.error = event.data;
      }
      return outcome;
    },
    tryProblem: async (organizationId, problem) => {
      const response = await post(
        { sessionId: PROBLEM_TRY_SESSION, organizationId },
        bridgePaths.tryProblem,
        problem,
      );
      if (!response.body)
        throw new BridgeClientError('BRIDGE_FAILED', 'The bridge sent no stream.', 502);
      return response.body;
    },
    archive: async (session) =>
      (await (
        await post(session, bridgePaths.archive(session.sessionId))
      ).json()) as ArchiveResponse,
  };
}

async function errorFrom(response: Response): Promise<BridgeClientError> {
  const body = (await response.json().catch(() => null)) as Partial<BridgeErrorBody> | null;
  return new BridgeClientError(
    body?.error?.code ?? 'BRIDGE_FAILED',
    body?.error?.message ?? `The sandbox bridge answered ${response.status}.`,
    response.status,
    body?.error?.ownerUrl,
  );
}

/** The terminal's WebSocket URL for the browser, from BRIDGE_PUBLIC_URL and a session token. */
export function terminalSocketUrl(
  bridgePublicUrl: string,
  sessionId: string,
  token: string,
): string {
  return `${bridgePublicUrl.replace(/\/$/, '')}${bridgePaths.terminal(sessionId, token)}`;
}
