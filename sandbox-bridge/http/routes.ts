import type { IncomingMessage, ServerResponse } from 'node:http';
import { bridgePaths, PROBLEM_TRY_SESSION } from '../../protocol/bridge-api.ts';
import type { Logger } from '../../protocol/logger.ts';
import { OPERATIONS_PATHS } from '../../protocol/operations-endpoints.ts';
import type { RouteLabel } from '../../protocol/request-observer.ts';
import { BridgeError } from '../errors.ts';
import { tryProblemInput } from '../runner/try-problem.ts';
import type { SandboxBridge } from '../sandbox-bridge.ts';
import { openTestStream, sendError, sendJson } from './respond.ts';
import { requireServiceToken } from './service-auth.ts';

const MAX_TRY_BODY_BYTES = 4 * 1024 * 1024;

/** POST /problems/try: the question bank's "try it", streamed like any test run. */
async function handleTry(
  request: IncomingMessage,
  response: ServerResponse,
  options: RouteOptions,
) {
  try {
    if (request.method !== 'POST') throw new BridgeError('METHOD_NOT_ALLOWED', 'Use POST.');
    await requireServiceToken(request, PROBLEM_TRY_SESSION, options.secret);
    let raw = '';
    for await (const chunk of request) {
      raw += chunk;
      if (raw.length > MAX_TRY_BODY_BYTES)
        throw new BridgeError('TOO_LARGE', 'The problem is too large to try.');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new BridgeError('BAD_REQUEST', 'The body must be JSON.');
    }
    const parsed = tryProblemInput.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BridgeError(
        'BAD_REQUEST',
        `${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const emit = openTestStream(response);
    await options.bridge.prepareTry(parsed.data)(emit);
    response.end();
  } catch (error) {
    if (!(error instanceof BridgeError)) options.logger.error({ err: error }, 'try run failed');
    sendError(response, error);
  }
}

const SESSION_ROUTE = /^\/sessions\/([A-Za-z0-9_-]{1,64})\/(start|tests|grade|archive)$/;

/** A request's route pattern for its access-log line and latency series (ids collapsed). */
export function routeLabel(request: IncomingMessage): RouteLabel {
  const path = (request.url ?? '/').split('?')[0]!;
  if (OPERATIONS_PATHS.some((operations) => operations === path))
    return { route: path, quiet: true };
  if (path === bridgePaths.tryProblem) return { route: path, quiet: false };
  const action = SESSION_ROUTE.exec(path)?.[2];
  return { route: action ? `/sessions/:id/${action}` : 'unmatched', quiet: false };
}

/** `?problem=<position>` of a tests or grade call (decision 021); the first problem without it. */
function problemPosition(url: URL): number {
  const raw = url.searchParams.get('problem');
  if (raw === null) return 0;
  if (!/^\d{1,3}$/.test(raw)) {
    throw new BridgeError(
      'BAD_REQUEST',
      '`problem` is the position of one of the session’s problems (0, 1, …).',
    );
  }
  return Number(raw);
}

export interface RouteOptions {
  bridge: SandboxBridge;
  secret: string;
  logger: Logger;
}

/** The bridge's HTTP API (protocol/bridge-api.ts). */
export function createRequestHandler(options: RouteOptions) {
  const { bridge, logger } = options;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://bridge');
    if (url.pathname === bridgePaths.tryProblem) {
      await handleTry(request, response, options);
      return;
    }
    const match = SESSION_ROUTE.exec(url.pathname);
    if (!match) {
      sendError(response, new BridgeError('NOT_FOUND', `No endpoint ${url.pathname}.`));
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      sendJson(response, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Use POST.' } });
      return;
    }
    const [, sessionId, action] = match as unknown as [string, string, string];
    request.resume();
    try {
      await requireServiceToken(request, sessionId, options.secret);
      switch (action) {
        case 'start':
          sendJson(response, 200, await bridge.start(sessionId));
          return;
        case 'archive':
          sendJson(response, 200, await bridge.archive(sessionId));
          return;
        case 'tests':
        case 'grade': {
          const position = problemPosition(url);
          const run =
            action === 'tests'
              ? await bridge.prepareVisibleRun(sessionId, position)
              : await bridge.prepareGrading(sessionId, position);
          const emit = openTestStream(response);
          await run(emit);
          response.end();
          return;
        }
      }
    } catch (error) {
      if (!(error instanceof BridgeError))
        logger.error({ err: error, sessionId, action }, 'request failed');
      sendError(response, error);
    }
  };
}
