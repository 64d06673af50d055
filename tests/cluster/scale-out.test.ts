import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, eventually, type TestClient } from '../../collab-server/testing/clients.ts';
import {
  createSessions,
  type SessionFixture,
  TEST_SECRET,
  tokenFor,
} from '../../collab-server/testing/fixtures.ts';
import {
  assessments,
  interviewSessions,
  sessionEvents,
  sessionLeases,
} from '../../db/schema/index.ts';
import { sessionDocumentName } from '../../protocol/documents.ts';
import { localWorkspacePath } from '../../sandbox-bridge/driver/local-driver.ts';
import { sandboxIdFor } from '../../sandbox-bridge/sessions/session-registry.ts';
import { killHard, TraceTypist } from '../faults/harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/ports.ts';
import { type RunningProcess, startNode } from '../support/process.ts';
import { Balancer } from './balancer.ts';
import { TerminalKeeper } from './terminal-keeper.ts';

/**
 * The scale-out topology as processes on this machine (decision 024): two
 * apps, two collab-servers on Redis, two bridges on Postgres, a balancer in
 * front of each pair. Live sessions type an editing trace and append lines
 * from their terminals; one bridge, then one app, then one collab-server is
 * killed with SIGKILL. Every session must keep working, nothing acknowledged
 * may be lost, no session may have two owners, and the deadline watcher of
 * the two apps must submit each expired interview once.
 */

const SESSIONS = Number(process.env.CLUSTER_SESSIONS ?? 20);
const LEASE_MS = 3000;
const START_PATIENCE = 240_000;
const RECOVERY_PATIENCE = 120_000;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = process.env.TEST_DATABASE_URL ? it : it.skip;

let database: TestDatabase | null = null;
const processes: RunningProcess[] = [];
const names: string[] = [];
const balancers: Balancer[] = [];
const clients: TestClient[] = [];
const terminals: TerminalKeeper[] = [];
let folder = '';

afterAll(async () => {
  // Every process's log, for reading after a failure (test-results/ is not committed).
  const logs = join(process.cwd(), 'test-results', 'cluster-logs');
  mkdirSync(logs, { recursive: true });
  for (const [index, child] of processes.entries())
    writeFileSync(join(logs, `${index}-${names[index]}.log`), child.output());
  for (const terminal of terminals) terminal.close();
  for (const client of clients) client.destroy();
  await Promise.all(processes.map((child) => killHard(child)));
  for (const balancer of balancers) await balancer.close();
  await database?.destroy();
  if (folder) rmSync(folder, { recursive: true, force: true });
}, 60_000);

const print = (what: string, figures: Record<string, number | string>) =>
  console.log(
    `[cluster] ${what}: ${Object.entries(figures)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ')}`,
  );

async function balance(ports: number[]): Promise<number> {
  const balancer = new Balancer(ports);
  balancers.push(balancer);
  return balancer.start();
}

function spawn(script: string, env: Record<string, string>, ready: string) {
  const child = startNode(script, { TANDEM_SECRET: TEST_SECRET, LOG_LEVEL: 'info', ...env });
  processes.push(child);
  names.push(`${script.split('/')[0]}-${env.BRIDGE_PORT ?? env.PORT ?? env.COLLAB_PORT}`);
  return { child, ready: child.waitFor(ready, START_PATIENCE) };
}

run(
  'sessions survive kill -9 of a bridge, an app and a collab-server, with one owner each and one submission each',
  async () => {
    const began = performance.now();
    database = await createTestDatabase('postgres');
    const db = database.db;
    folder = mkdtempSync(join(tmpdir(), 'tandem-cluster-'));
    const live = await createSessions(db, SESSIONS);
    const expiring = await createSessions(db, 6);
    await db.update(assessments).set({ enableTerminal: true });

    const [collabPorts, bridgePorts, appPorts] = [
      [await freePort(), await freePort()],
      [await freePort(), await freePort()],
      [await freePort(), await freePort()],
    ];
    const collabUrl = `ws://127.0.0.1:${await balance(collabPorts)}`;
    const edge = await balance(bridgePorts);
    const appEdge = await balance(appPorts);
    const common = { DATABASE_URL: database.url! };
    // One prefix for both collab-servers: a prefix each (computed per spawn, as
    // it was) split them into two unsynchronized copies of every document.
    const redisPrefix = `tandem-cluster-${process.pid}-${Date.now()}`;
    const collabs = collabPorts.map((port) =>
      spawn(
        'collab-server/main.ts',
        {
          ...common,
          COLLAB_PORT: String(port),
          REDIS_URL,
          REDIS_PREFIX: redisPrefix,
        },
        'collab-server listening',
      ),
    );
    const bridges = bridgePorts.map((port) =>
      spawn(
        'sandbox-bridge/main.ts',
        {
          ...common,
          BRIDGE_PORT: String(port),
          COLLAB_URL: collabUrl,
          SANDBOX_DIR: join(folder, 'sandboxes'),
          MIRROR_STATE_DIR: join(folder, 'mirror'),
          ARCHIVE_DIR: join(folder, 'archive'),
          SESSION_LEASE_MS: String(LEASE_MS),
        },
        'sandbox-bridge listening',
      ),
    );
    const bridgeUrls = bridgePorts.map((port) => `http://127.0.0.1:${port}`);
    const apps = appPorts.map((port) =>
      spawn(
        'app/server/main.ts',
        {
          ...common,
          PORT: String(port),
          PUBLIC_URL: `http://127.0.0.1:${appEdge}`,
          COLLAB_URL: collabUrl,
          BRIDGE_URL: bridgeUrls[0]!,
          BRIDGE_URLS: bridgeUrls.join(','),
          SEED_DEMO: 'false',
        },
        'app listening',
      ),
    );
    await Promise.all([...collabs, ...bridges, ...apps].map((started) => started.ready));
    print('started', { seconds: Math.round((performance.now() - began) / 1000) });

    // Sessions: a typist per document, a terminal per workspace (opened through the edge).
    const typists = live.map(() => new TraceTypist('main.svelte'));
    for (const session of live) {
      clients.push(
        connectClient(
          collabUrl,
          sessionDocumentName(session.sessionId),
          await tokenFor(session, 'candidate'),
        ),
      );
      terminals.push(
        new TerminalKeeper(
          `ws://127.0.0.1:${edge}/terminal/${session.sessionId}?token=${encodeURIComponent(
            await tokenFor(session, 'candidate', { ttl: 3600 }),
          )}`,
          'log.txt',
        ),
      );
    }
    await eventually(
      () => clients.every((client) => client.provider.isSynced),
      'every typist synced',
      START_PATIENCE,
    );
    await Promise.all(terminals.map((terminal) => terminal.works(START_PATIENCE)));

    // Lease samples: who owned each session, every 250 ms, for the whole run.
    const owners = new Map<string, Array<{ owner: string; generation: number }>>();
    let overlapping = 0;
    const sample = async () => {
      const rows = await db
        .select({
          sessionId: sessionLeases.sessionId,
          owner: sessionLeases.owner,
          generation: sessionLeases.generation,
          live: sql<boolean>`${sessionLeases.expiresAt} > now()`,
        })
        .from(sessionLeases);
      for (const row of rows) {
        const history = owners.get(row.sessionId) ?? [];
        const last = history.at(-1);
        if (!last || last.generation !== row.generation || last.owner !== row.owner) {
          // A new owner without a new generation would be two owners under one fence.
          if (last && last.owner !== row.owner && last.generation >= row.generation)
            overlapping += 1;
          history.push({ owner: row.owner, generation: row.generation });
        }
        owners.set(row.sessionId, history);
      }
    };
    let edits = 0;
    let typing = true;
    const typingLoop = (async () => {
      while (typing) {
        for (const [index, client] of clients.entries())
          edits += typists[index]!.type(client.doc, 1);
        for (const terminal of terminals) terminal.tick();
        await sample().catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    // Typing and terminal lines under way in every session before the first kill.
    await eventually(
      () =>
        terminals.every((terminal) => terminal.acknowledged.length >= 5) &&
        edits >= clients.length * 5,
      'every session typing and writing terminal lines',
      START_PATIENCE,
    );

    // 1. kill -9 the bridge that owns the most sessions.
    await sample();
    const counts = new Map<string, number>();
    for (const history of owners.values()) {
      const owner = history.at(-1)!.owner;
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    const victimOwner = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const [victimRow] = await db
      .select({ url: sql<string>`owner_url` })
      .from(sessionLeases)
      .where(eq(sessionLeases.owner, victimOwner))
      .limit(1);
    const victimIndex = bridgeUrls.indexOf(victimRow!.url);
    let killedAt = performance.now();
    await killHard(bridges[victimIndex]!.child);
    await Promise.all(terminals.map((terminal) => terminal.works(RECOVERY_PATIENCE)));
    print('bridge killed', {
      sessions_it_owned: counts.get(victimOwner) ?? 0,
      every_terminal_working_after_ms: Math.round(performance.now() - killedAt),
      lease_ms: LEASE_MS,
    });

    // 2. Deadlines while both apps run, then kill -9 one app, then more deadlines.
    const expire = (sessions: SessionFixture[]) =>
      db
        .update(interviewSessions)
        .set({ deadlineAt: new Date(Date.now() - 1000) })
        .where(
          inArray(
            interviewSessions.id,
            sessions.map((session) => session.sessionId),
          ),
        );
    const submitted = async (sessions: SessionFixture[]) => {
      const rows = await db
        .select({ status: interviewSessions.status })
        .from(interviewSessions)
        .where(
          inArray(
            interviewSessions.id,
            sessions.map((session) => session.sessionId),
          ),
        );
      if (!rows.every((row) => row.status === 'COMPLETED')) return false;
      // The submission is whole once its event is written (after grading and scores).
      const events = await db
        .select({ sessionId: sessionEvents.sessionId })
        .from(sessionEvents)
        .where(
          and(
            eq(sessionEvents.type, 'session_submitted'),
            inArray(
              sessionEvents.sessionId,
              sessions.map((session) => session.sessionId),
            ),
          ),
        );
      return new Set(events.map((event) => event.sessionId)).size === sessions.length;
    };
    await expire(expiring.slice(0, 3));
    await eventually(
      () => submitted(expiring.slice(0, 3)),
      'the first deadlines',
      RECOVERY_PATIENCE,
    );
    killedAt = performance.now();
    await killHard(apps[0]!.child);
    await expire(expiring.slice(3));
    await eventually(() => submitted(expiring.slice(3)), 'the later deadlines', RECOVERY_PATIENCE);
    await eventually(
      async () =>
        (await fetch(`http://127.0.0.1:${appEdge}/healthz`).catch(() => null))?.ok === true,
      'the app edge to answer',
      RECOVERY_PATIENCE,
    );
    print('app killed', {
      deadlines_met_and_app_answering_after_ms: Math.round(performance.now() - killedAt),
    });

    // 3. kill -9 one collab-server: typists reconnect through the balancer.
    killedAt = performance.now();
    await killHard(collabs[0]!.child);
    const typedBefore = edits;
    await eventually(
      () =>
        edits > typedBefore + clients.length * 2 &&
        clients.every((client) => client.provider.isSynced && !client.provider.hasUnsyncedChanges),
      'every typist synced again',
      RECOVERY_PATIENCE,
    );
    print('collab-server killed', {
      every_typist_synced_after_ms: Math.round(performance.now() - killedAt),
    });
    await Promise.all(terminals.map((terminal) => terminal.works(RECOVERY_PATIENCE)));

    typing = false;
    await typingLoop;
    await eventually(
      () =>
        clients.every((client) => client.provider.isSynced && !client.provider.hasUnsyncedChanges),
      'every edit acknowledged',
      RECOVERY_PATIENCE,
    );

    // Nothing acknowledged is lost: a fresh reader holds every typist's document,
    // the document holds every acknowledged terminal line, and the disk the typing.
    let linesAcknowledged = 0;
    let linesKept = 0;
    for (const [index, session] of live.entries()) {
      const reader = connectClient(
        collabUrl,
        sessionDocumentName(session.sessionId),
        await tokenFor(session, 'interviewer'),
      );
      clients.push(reader);
      const typed = Y.encodeStateAsUpdate(clients[index]!.doc);
      await eventually(
        () => reader.provider.isSynced && Y.snapshotContainsUpdate(Y.snapshot(reader.doc), typed),
        `session ${index} holds every edit`,
        RECOVERY_PATIENCE,
      );
      const acknowledged = terminals[index]!.acknowledged;
      linesAcknowledged += acknowledged.length;
      const files = reader.doc.getMap<Y.Text>('files');
      const workspace = localWorkspacePath(
        join(folder, 'sandboxes'),
        sandboxIdFor(session.sessionId),
      );
      const missing = () => {
        const log = files.get('log.txt')?.toString() ?? '';
        return acknowledged.filter((line) => !log.includes(`line-${line}\n`));
      };
      await eventually(
        () => missing().length === 0,
        `session ${index}: every acknowledged terminal line in the document`,
        RECOVERY_PATIENCE,
      ).catch((error: unknown) => {
        let disk = '';
        try {
          disk = readFileSync(join(workspace, 'log.txt'), 'utf8');
        } catch {}
        if (process.env.CLUSTER_KEEP_STATE)
          cpSync(folder, join(process.cwd(), 'test-results', 'cluster-state'), { recursive: true });
        print(`session ${index} lines missing`, {
          session: session.sessionId,
          owners: JSON.stringify(owners.get(session.sessionId) ?? []),
          missing: missing().join(','),
          acknowledged: acknowledged.join(','),
          document: JSON.stringify(files.get('log.txt')?.toString() ?? null),
          disk: JSON.stringify(disk),
        });
        throw error;
      });
      linesKept += acknowledged.length;
      print(`session ${index}`, {
        sent: terminals[index]!.sent,
        acknowledged: acknowledged.length,
        kept: acknowledged.length,
        reconnects: terminals[index]!.reconnects,
        owners: (owners.get(session.sessionId) ?? []).length,
      });
      await eventually(
        () => {
          try {
            return (
              readFileSync(join(workspace, 'main.svelte'), 'utf8') ===
              files.get('main.svelte')?.toString()
            );
          } catch {
            return false;
          }
        },
        `session ${index}: the typing on disk`,
        RECOVERY_PATIENCE,
      );
    }

    // One owner at a time: every change of owner came with a new generation, and
    // every live session now belongs to the surviving bridge alone.
    await sample();
    const leases = await db
      .select()
      .from(sessionLeases)
      .where(
        inArray(
          sessionLeases.sessionId,
          live.map((session) => session.sessionId),
        ),
      );
    expect(overlapping).toBe(0);
    expect(leases).toHaveLength(live.length);
    expect(new Set(leases.map((lease) => lease.owner)).size).toBe(1);
    expect(leases.every((lease) => lease.owner !== victimOwner)).toBe(true);
    const takeovers = [...owners.values()].filter((history) => history.length > 1).length;

    // The deadline watcher of two apps submitted each expired interview exactly once.
    const submissions = await db
      .select({ sessionId: sessionEvents.sessionId, count: sql<number>`count(*)::int` })
      .from(sessionEvents)
      .where(
        and(
          eq(sessionEvents.type, 'session_submitted'),
          inArray(
            sessionEvents.sessionId,
            expiring.map((session) => session.sessionId),
          ),
        ),
      )
      .groupBy(sessionEvents.sessionId);
    expect(submissions).toHaveLength(expiring.length);
    expect(submissions.every((row) => row.count === 1)).toBe(true);
    const ended = await db
      .select({ endReason: interviewSessions.endReason })
      .from(interviewSessions)
      .where(
        inArray(
          interviewSessions.id,
          expiring.map((session) => session.sessionId),
        ),
      );
    expect(ended.every((row) => row.endReason === 'timer')).toBe(true);

    print('kept', {
      sessions: live.length,
      edits_sent: edits,
      edits_lost: 0,
      terminal_lines_sent: terminals.reduce((sum, terminal) => sum + terminal.sent, 0),
      terminal_lines_acknowledged: linesAcknowledged,
      terminal_lines_kept: linesKept,
      terminal_reconnects: terminals.reduce((sum, terminal) => sum + terminal.reconnects, 0),
      sessions_taken_over: takeovers,
      two_owners_at_once: overlapping,
      expired_interviews: expiring.length,
      submissions: submissions.reduce((sum, row) => sum + row.count, 0),
      total_seconds: Math.round((performance.now() - began) / 1000),
    });
  },
  600_000,
);
