import { eq, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../tests/support/database.ts';
import * as schema from './schema/index.ts';

const now = new Date('2026-11-28T10:00:00.123Z');
const bytes = new Uint8Array([0, 1, 2, 250, 255]);

/** One complete row per table, in foreign-key order. */
function sampleRows(): Array<[PgTable, Record<string, unknown>]> {
  return [
    [schema.users, { id: 'u1', name: 'Grace', email: 'grace@example.com', emailVerified: true }],
    [
      schema.authSessions,
      { id: 's1', userId: 'u1', token: 'tok', expiresAt: now, ipAddress: '127.0.0.1' },
    ],
    [
      schema.authAccounts,
      { id: 'a1', userId: 'u1', accountId: 'u1', providerId: 'credential', password: 'hash' },
    ],
    [
      schema.authVerifications,
      { id: 'v1', identifier: 'grace@example.com', value: 'x', expiresAt: now },
    ],
    [
      schema.signInThrottles,
      { key: 'account:grace@example.com', failures: 3, windowStartedAt: now },
    ],
    [schema.organizations, { id: 'o1', name: 'Acme', slug: 'acme' }],
    [schema.memberships, { id: 'm1', organizationId: 'o1', userId: 'u1', role: 'owner' }],
    [
      schema.organizationInvitations,
      {
        id: 'i1',
        organizationId: 'o1',
        email: 'new@example.com',
        role: 'viewer',
        tokenHash: 'h',
        expiresAt: now,
      },
    ],
    [
      schema.auditLog,
      {
        id: 'l1',
        organizationId: 'o1',
        actorId: 'u1',
        action: 'role.change',
        targetType: 'membership',
        targetId: 'm1',
        data: { from: 'viewer', to: 'admin' },
      },
    ],
    [
      schema.problems,
      {
        id: 'p1',
        organizationId: 'o1',
        title: 'Two Sum',
        description: '# Two Sum',
        difficulty: 'EASY',
        category: 'arrays',
        tags: ['hash-map', 'arrays'],
        language: 'typescript',
        starterFiles: [{ path: 'solution.ts', content: 'export {}' }],
        visibleTests: [{ path: 'solution.test.ts', content: 'test' }],
        grading: {
          module: 'solution.ts',
          entry: 'twoSum',
          cases: [{ name: 'c', args: [[1, 2], 3], expected: [0, 1] }],
        },
        referenceSolution: [{ path: 'solution.ts', content: 'ref' }],
        estimatedMinutes: 20,
      },
    ],
    [
      schema.assessments,
      {
        id: 'as1',
        organizationId: 'o1',
        title: 'Screen',
        durationMinutes: 60,
        enableAI: false,
        enableTerminal: true,
      },
    ],
    [schema.assessmentProblems, { assessmentId: 'as1', problemId: 'p1', position: 0 }],
    [
      schema.candidates,
      {
        id: 'c1',
        organizationId: 'o1',
        assessmentId: 'as1',
        name: 'Ada',
        email: 'ada@example.com',
        status: 'COMPLETED',
        inviteTokenHash: 'hash1',
        startedAt: now,
        completedAt: now,
        overallScore: 87.5,
        visiblePassRate: 1,
        hiddenPassRate: 0.5,
        timeToFirstPassSeconds: 300,
        testRunCount: 4,
        aiReliance: 0.25,
        durationSeconds: 1800,
        scoreDetails: {
          visiblePassed: 5,
          visibleTotal: 5,
          hiddenPassed: 1,
          hiddenTotal: 2,
          aiPasteChars: 10,
          finalChars: 40,
        },
      },
    ],
    [
      schema.interviewSessions,
      {
        id: 'is1',
        candidateId: 'c1',
        organizationId: 'o1',
        problemId: 'p1',
        status: 'COMPLETED',
        startedAt: now,
        deadlineAt: now,
        pausedSeconds: 12,
        endedAt: now,
        endReason: 'candidate',
      },
    ],
    [schema.yjsDocuments, { name: 'session/is1', state: bytes, sizeBytes: bytes.length }],
    [
      schema.yjsUpdates,
      {
        id: 1,
        documentName: 'session/is1',
        seq: 1,
        at: now,
        senderRole: 'candidate',
        senderId: 'c1',
        clientId: 4_294_967_295,
        origin: 'typed',
        update: bytes,
      },
    ],
    [schema.yjsCheckpoints, { documentName: 'session/is1', seq: 1, at: now, state: bytes }],
    [
      schema.sessionEvents,
      {
        seq: 1,
        sessionId: 'is1',
        at: now,
        type: 'focus',
        source: 'client',
        data: { visible: false },
      },
    ],
    [
      schema.testRuns,
      {
        id: 't1',
        sessionId: 'is1',
        kind: 'visible',
        status: 'passed',
        total: 1,
        passed: 1,
        failed: 0,
        durationMs: 40,
        startedAt: now,
        finishedAt: now,
      },
    ],
    [
      schema.testResults,
      {
        id: 'tr1',
        runId: 't1',
        index: 0,
        name: 'adds',
        passed: true,
        hidden: false,
        durationMs: 3,
        output: 'ok',
      },
    ],
    [
      schema.aiInteractions,
      {
        id: 'ai1',
        sessionId: 'is1',
        prompt: 'hint?',
        response: 'use a map',
        model: 'claude',
        inputTokens: 100,
        outputTokens: 20,
        latencyMs: 900,
        firstTokenMs: 200,
        stopReason: 'end_turn',
      },
    ],
    [
      schema.codeSnapshots,
      {
        id: 'cs1',
        sessionId: 'is1',
        path: 'solution.ts',
        language: 'typescript',
        contentHash: 'abc',
        content: 'export {}',
        reason: 'submit',
      },
    ],
    [
      schema.emailOutbox,
      {
        id: 'e1',
        organizationId: 'o1',
        to: 'ada@example.com',
        subject: 'Invite',
        html: '<p>hi</p>',
        text: 'hi',
        kind: 'candidate-invite',
        status: 'outbox',
        provider: 'outbox',
        idempotencyKey: 'submission-candidate:is1',
        nextAttemptAt: now,
        leaseUntil: now,
      },
    ],
    [
      schema.archiveJobs,
      {
        id: 'aj1',
        sessionId: 'is1',
        organizationId: 'o1',
        status: 'failed',
        attempts: 5,
        nextAttemptAt: now,
        leaseUntil: now,
        error: 'the archive store is unreachable',
        completedAt: now,
      },
    ],
    [
      schema.sessionProblems,
      {
        sessionId: 'is1',
        position: 0,
        problemId: 'p1',
        folder: '',
        openedAt: now,
        submittedAt: now,
      },
    ],
    [
      schema.resumeCodes,
      {
        id: 'rc1',
        candidateId: 'c1',
        codeHash: 'hash',
        expiresAt: now,
        usedAt: now,
        failedAttempts: 2,
      },
    ],
    [
      schema.sessionLeases,
      {
        sessionId: 'is1',
        owner: 'bridge-a',
        ownerUrl: 'http://127.0.0.1:3002',
        generation: 3,
        expiresAt: now,
        acquiredAt: now,
      },
    ],
    [
      schema.bridgeInstances,
      { id: 'bridge-a', url: 'http://127.0.0.1:3002', startedAt: now, seenAt: now },
    ],
    [
      schema.aiReviews,
      {
        id: 'rv1',
        sessionId: 'is1',
        candidateId: 'c1',
        organizationId: 'o1',
        problemId: 'p1',
        status: 'done',
        attempts: 1,
        nextAttemptAt: now,
        leaseUntil: now,
        model: 'claude',
        inputTokens: 1200,
        outputTokens: 300,
        latencyMs: 900,
        summary: 'Solid.',
        rubric: [{ key: 'testing', label: 'Testing', guidance: 'Tests what matters.' }],
        completedAt: now,
      },
    ],
    [
      schema.aiReviewScores,
      {
        reviewId: 'rv1',
        dimension: 'testing',
        label: 'Testing',
        position: 0,
        modelScore: 4,
        reasoning: 'Ran the tests often.',
        citations: [{ t: 1000, quote: 'ok' }],
        droppedCitations: [],
        support: 'supported',
        decision: 'accepted',
        finalScore: 4,
        decidedAt: now,
      },
    ],
    [
      schema.reviewRubrics,
      {
        assessmentId: 'as1',
        dimensions: [{ key: 'testing', label: 'Testing', guidance: 'Tests what matters.' }],
      },
    ],
  ];
}

const allTables = (Object.values(schema) as unknown[]).filter((value): value is PgTable =>
  is(value, PgTable),
);

describe.each(databaseKinds())('schema on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('covers every table with a sample row', () => {
    const sampled = new Set(sampleRows().map(([table]) => getTableName(table)));
    expect(allTables.map((table) => getTableName(table)).sort()).toEqual([...sampled].sort());
  });

  it('round-trips a row through every table with the same values', async () => {
    for (const [table, row] of sampleRows()) {
      await database.db.insert(table).values(row as never);
      const [stored] = await database.db.select().from(table);
      for (const [key, value] of Object.entries(row)) {
        expect(stored?.[key as keyof typeof stored], `${getTableName(table)}.${key}`).toEqual(
          value,
        );
      }
    }
  });

  it('reads bytea back as a plain Uint8Array on both drivers', async () => {
    const [row] = await database.db
      .select()
      .from(schema.yjsUpdates)
      .where(eq(schema.yjsUpdates.documentName, 'session/is1'));
    expect(row?.update.constructor).toBe(Uint8Array);
  });

  it('refuses a second update with the same document sequence number', async () => {
    await expect(
      database.db.insert(schema.yjsUpdates).values({
        documentName: 'session/is1',
        seq: 1,
        at: now,
        senderRole: 'candidate',
        senderId: 'c1',
        origin: 'typed',
        update: bytes,
      }),
    ).rejects.toThrow();
  });

  it('cascades a deleted organization to everything it owns', async () => {
    await database.db.delete(schema.organizations).where(eq(schema.organizations.id, 'o1'));
    expect(await database.db.select().from(schema.candidates)).toEqual([]);
    expect(await database.db.select().from(schema.testResults)).toEqual([]);
    expect(await database.db.select().from(schema.users)).toHaveLength(1);
  });
});
