import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateCost, organizationCost } from '../app/costs/costs.server.ts';
import { aiInteractions, candidates, interviewSessions, problems } from '../db/schema/index.ts';
import { signedInClient } from './support/fixtures.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

let stack: TestStack;
let candidateId = '';
beforeAll(async () => {
  stack = await startTestStack({
    env: {
      AI_PRICING: '{"claude-test": {"input": 2, "output": 10}}',
      SANDBOX_COST_PER_MINUTE: '0.01',
      ARCHIVE_COST_PER_GB_MONTH: '0.02',
    },
  });
  const db = stack.database.db;
  const [candidate] = await db.select().from(candidates).limit(1);
  const [problem] = await db.select().from(problems).limit(1);
  candidateId = candidate!.id;
  const started = new Date(Date.now() - 3_600_000);
  const [session] = await db
    .insert(interviewSessions)
    .values({
      candidateId,
      organizationId: candidate!.organizationId,
      problemId: problem!.id,
      status: 'COMPLETED',
      startedAt: started,
      deadlineAt: new Date(started.getTime() + 3_600_000),
      endedAt: new Date(started.getTime() + 45 * 60_000),
      archiveBytes: 2_000_000_000,
    })
    .returning();
  await db.insert(aiInteractions).values([
    {
      sessionId: session!.id,
      prompt: 'a',
      model: 'claude-test',
      inputTokens: 500_000,
      outputTokens: 100_000,
    },
    {
      sessionId: session!.id,
      prompt: 'b',
      model: 'claude-test',
      inputTokens: 500_000,
      outputTokens: 0,
    },
  ]);
  await db.update(candidates).set({ status: 'COMPLETED' }).where(eq(candidates.id, candidateId));
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

describe('the cost of an interview', () => {
  it('prices AI tokens by the configured table, sandbox minutes and archive storage', async () => {
    const context = { services: stack.tandem.app.services };
    const cost = await candidateCost(context, candidateId);
    expect(cost.ai).toBeCloseTo(2 + 1, 6); // 1M input × $2 + 0.1M output × $10
    expect(cost.sandbox).toBeCloseTo(45 * 0.01, 6);
    expect(cost.archive).toBeCloseTo(2 * 0.02 * 1, 6); // 30 days of retention = 1 month
    const organization = await organizationCost(context, stack.demo.organizationId);
    expect(organization.interviews).toBe(1);
    expect(organization.perInterview).toBeCloseTo(cost.total, 6);
  });

  it('shows it on the candidate page and the dashboard', async () => {
    const member = await signedInClient(
      stack.baseUrl,
      stack.demo.interviewerEmail,
      stack.demo.password,
    );
    const page = await (await member.request(`/candidates/${candidateId}`)).text();
    expect(page).toContain('Cost of this interview');
    expect(page).toContain('$3.49');
    const dashboard = await (await member.request('/dashboard')).text();
    expect(dashboard).toContain('$3.49 per interview');
  });
});
