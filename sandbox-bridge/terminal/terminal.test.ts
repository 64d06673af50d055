import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { sessionEvents } from '../../db/schema/index.ts';
import { TERMINAL_CLOSE } from '../../protocol/bridge-api.ts';
import { SESSION_DOC, sessionDocumentName } from '../../protocol/documents.ts';
import { type BridgeStack, startBridgeStack } from '../test-support/bridge-stack.ts';
import {
  createSessionFixture,
  type SessionFixture,
  TYPESCRIPT_PROBLEM,
} from '../test-support/fixtures.ts';
import { eventually } from '../test-support/local-sandbox.ts';
import { connectTerminal, type TerminalConnection } from '../test-support/terminal-client.ts';

let stack: BridgeStack;
const open: TerminalConnection[] = [];

beforeAll(async () => {
  stack = await startBridgeStack();
});
afterEach(() => {
  for (const connection of open.splice(0)) connection.close();
});
afterAll(async () => {
  await stack?.close();
});

async function session(options: { enableTerminal?: boolean } = {}): Promise<SessionFixture> {
  const fixture = await createSessionFixture(stack.database.db, TYPESCRIPT_PROBLEM, options);
  await stack.seedDocument(fixture.sessionId, TYPESCRIPT_PROBLEM.starterFiles);
  return fixture;
}

async function connect(fixture: SessionFixture, role: 'candidate' | 'interviewer' | 'viewer') {
  const connection = await connectTerminal(
    stack.wsUrl,
    fixture.sessionId,
    await stack.token(fixture, role),
  );
  open.push(connection);
  return connection;
}

describe('the candidate’s terminal', () => {
  test('runs commands in the workspace and shows their output', async () => {
    const fixture = await session();
    const terminal = await connect(fixture, 'candidate');
    await eventually(() => terminal.messages.find((m) => m.type === 'ready'));
    expect(terminal.messages[0]).toEqual({ type: 'ready', readOnly: false });
    terminal.send({ type: 'input', data: 'echo "sum=$((40+2))"; cat solution.ts\r' });
    await terminal.waitFor('sum=42');
    await terminal.waitFor('return a + b;');
  });

  test('resizes the pseudo-terminal', async () => {
    const fixture = await session();
    const terminal = await connect(fixture, 'candidate');
    terminal.send({ type: 'resize', cols: 101, rows: 33 });
    terminal.send({ type: 'input', data: 'stty size\r' });
    await terminal.waitFor('33 101');
  });

  test('a reconnecting client gets the recent scrollback first', async () => {
    const fixture = await session();
    const first = await connect(fixture, 'candidate');
    first.send({ type: 'input', data: 'echo before-reconnect\r' });
    await first.waitFor(/before-reconnect\r?\n/);
    first.close();
    const second = await connect(fixture, 'candidate');
    await eventually(() => second.messages.find((m) => m.type === 'scrollback'));
    expect(second.messages[0]).toEqual({ type: 'ready', readOnly: false });
    expect(second.messages[1]).toMatchObject({ type: 'scrollback' });
    expect(second.screen()).toContain('before-reconnect');
  });

  test('a file made in the terminal appears in the document', async () => {
    const fixture = await session();
    const terminal = await connect(fixture, 'candidate');
    terminal.send({ type: 'input', data: 'echo "export const x = 1;" > made.ts\r' });
    const connection = await stack.collab.server.hocuspocus.openDirectConnection(
      sessionDocumentName(fixture.sessionId),
      {},
    );
    const files = connection.document!.getMap<Y.Text>(SESSION_DOC.files);
    await eventually(() => files.get('made.ts')?.toString(), 5000, 'made.ts in the document');
    expect(files.get('made.ts')!.toString()).toBe('export const x = 1;\n');
    await connection.disconnect();
  });

  test('input and output are recorded as session events', async () => {
    const fixture = await session();
    const terminal = await connect(fixture, 'candidate');
    terminal.send({ type: 'input', data: 'echo recorded-output\r' });
    await terminal.waitFor(/recorded-output\r?\n/);
    const rows = await eventually(async () => {
      const stored = await stack.database.db
        .select({ type: sessionEvents.type, data: sessionEvents.data })
        .from(sessionEvents)
        .where(eq(sessionEvents.sessionId, fixture.sessionId));
      const output = stored.filter((row) => row.type === 'terminal_output');
      return output.some((row) => String(row.data.data).includes('recorded-output'))
        ? stored
        : undefined;
    });
    const input = rows.filter((row) => row.type === 'terminal_input').map((row) => row.data.data);
    expect(input.join('')).toContain('echo recorded-output');
  });
});

describe('who may use a terminal', () => {
  test('an observer sees the candidate’s terminal but cannot write to it', async () => {
    const fixture = await session();
    const candidate = await connect(fixture, 'candidate');
    const observer = await connect(fixture, 'interviewer');
    await eventually(() => observer.messages.find((m) => m.type === 'ready'));
    expect(observer.messages[0]).toEqual({ type: 'ready', readOnly: true });
    observer.send({ type: 'input', data: 'touch observer-wrote\r' });
    await eventually(() => observer.messages.find((m) => m.type === 'error'));
    expect(observer.messages.find((m) => m.type === 'error')).toMatchObject({ code: 'READ_ONLY' });
    candidate.send({ type: 'input', data: 'ls; echo listed\r' });
    await observer.waitFor(/listed\r?\n/);
    expect(candidate.screen()).not.toContain('observer-wrote');
    const live = await stack.bridge.registry.open(fixture.sessionId);
    expect(await live.sandbox.readFile('observer-wrote')).toBeNull();
  });

  test('a candidate’s token cannot open another session’s terminal', async () => {
    const mine = await session();
    const theirs = await session();
    const token = await stack.token(mine, 'candidate');
    const terminal = await connectTerminal(stack.wsUrl, theirs.sessionId, token);
    expect(await terminal.closed).toEqual(TERMINAL_CLOSE.forbidden);
    expect(terminal.messages).toEqual([]);
  });

  test('a missing or forged token is refused', async () => {
    const fixture = await session();
    const terminal = await connectTerminal(stack.wsUrl, fixture.sessionId, 'not-a-token');
    expect(await terminal.closed).toEqual(TERMINAL_CLOSE.unauthorized);
  });

  test('the terminal stays closed when the assessment disables it', async () => {
    const fixture = await session({ enableTerminal: false });
    const terminal = await connectTerminal(
      stack.wsUrl,
      fixture.sessionId,
      await stack.token(fixture, 'candidate'),
    );
    expect(await terminal.closed).toEqual(TERMINAL_CLOSE.disabled);
  });
});
