import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_TOOL } from '../app/review/prompt.ts';
import { DEFAULT_RUBRIC } from '../app/review/rubric.ts';
import { aiReviews, auditLog, candidates } from '../db/schema/index.ts';
import type { RecordedRequest } from './support/fake-anthropic.ts';
import { createMember, createOrganization, signedInClient } from './support/fixtures.ts';
import type { TestClient } from './support/http.ts';
import { MAP_LINE, submitSignedSolution } from './support/review.ts';
import { startTestStack, type TestStack } from './support/stack.ts';

/**
 * Editing an assessment's review rubric (issue 19): who may read and change
 * it, the coded validation, the audit, and reviews — a review made after an
 * edit uses the new rubric; a review already made keeps its own.
 */

let stack: TestStack;
let interviewer: TestClient;
let assessmentId: string;
const isReview = (r: RecordedRequest) => r.body.tools?.some((t) => t.name === REVIEW_TOOL);

beforeAll(async () => {
  stack = await startTestStack({ assistant: true, env: { REVIEW_POLL_MS: '600000' } });
  interviewer = await signedInClient(
    stack.baseUrl,
    stack.demo.interviewerEmail,
    stack.demo.password,
  );
  const [demo] = await stack.database.db
    .select({ assessmentId: candidates.assessmentId })
    .from(candidates)
    .where(eq(candidates.organizationId, stack.demo.organizationId));
  assessmentId = demo!.assessmentId;
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

const url = () => `/api/assessments/${assessmentId}/rubric`;
const put = (client: TestClient, body: unknown) =>
  client.request(url(), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const EDITED = [
  {
    label: 'Debugging',
    guidance: 'Finds the cause of a failing test from its output.',
    weight: 3,
  },
  { key: 'code_quality', label: 'Code quality', guidance: 'Readable code.', weight: 1 },
  { label: 'Communication with the interviewer', guidance: 'Answers questions.', weight: 0.5 },
];

describe('the rubric API', () => {
  it('shows the default rubric to every member, and nothing to another organization', async () => {
    const viewer = await createMember(stack.database.db, stack.demo.organizationId, 'viewer');
    const viewerClient = await signedInClient(stack.baseUrl, viewer.email);
    const read = await viewerClient.request(url());
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      assessmentId,
      custom: false,
      dimensions: DEFAULT_RUBRIC.map((d) => ({ ...d })),
    });
    // A viewer reads but does not change it.
    const refused = await put(viewerClient, { dimensions: EDITED });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('FORBIDDEN');
    const reset = await viewerClient.request(url(), { method: 'DELETE' });
    expect(reset.status).toBe(403);

    // The owner of another organization: not found, whatever the verb.
    const foreign = await createOrganization(stack.database.db, 'Elsewhere');
    const outsider = await signedInClient(stack.baseUrl, foreign.owner.email);
    for (const response of [
      await outsider.request(url()),
      await put(outsider, { dimensions: EDITED }),
      await outsider.request(url(), { method: 'DELETE' }),
    ]) {
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe('ASSESSMENT_NOT_FOUND');
    }
    const page = await outsider.request(`/assessments/${assessmentId}/rubric`);
    expect(page.status).toBe(404);
    const anonymous = await fetch(`${stack.baseUrl}${url()}`, { redirect: 'manual' });
    expect(anonymous.status).not.toBe(200);
    expect(
      (await stack.database.db.select().from(auditLog).where(eq(auditLog.targetId, assessmentId)))
        .length,
    ).toBe(0);
  });

  it('refuses a bad rubric with coded issues and keeps the one it had', async () => {
    const cases: Array<[unknown, string]> = [
      [{ dimensions: 'all of them' }, 'RUBRIC_NOT_A_LIST'],
      [{}, 'RUBRIC_NOT_A_LIST'],
      [{ dimensions: [] }, 'RUBRIC_EMPTY'],
      [
        { dimensions: Array.from({ length: 11 }, (_, i) => ({ label: `Dimension ${i}` })) },
        'RUBRIC_TOO_MANY_DIMENSIONS',
      ],
      [{ dimensions: [{ label: ' ' }] }, 'RUBRIC_NAME_EMPTY'],
      [{ dimensions: [{ label: 'Testing' }, { label: 'TESTING ' }] }, 'RUBRIC_NAME_DUPLICATE'],
      [{ dimensions: [{ label: 'Testing', weight: 12 }] }, 'RUBRIC_WEIGHT_INVALID'],
      [{ dimensions: [{ label: 'Testing', weight: 'much' }] }, 'RUBRIC_WEIGHT_INVALID'],
      [{ dimensions: [{ label: 'Testing', weight: 0 }] }, 'RUBRIC_WEIGHTS_ALL_ZERO'],
    ];
    for (const [body, code] of cases) {
      const response = await put(interviewer, body);
      expect(response.status, code).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe(code);
      expect(error.message).toBeTruthy();
    }
    // Every issue is listed, with the dimension it is in.
    const response = await put(interviewer, {
      dimensions: [{ label: 'Testing' }, { label: 'testing' }, { label: 'Speed', weight: -1 }],
    });
    const { error } = await response.json();
    expect(error.details).toEqual([
      expect.objectContaining({ code: 'RUBRIC_NAME_DUPLICATE', index: 1, field: 'label' }),
      expect.objectContaining({ code: 'RUBRIC_WEIGHT_INVALID', index: 2, field: 'weight' }),
    ]);
    expect((await (await interviewer.request(url())).json()).custom).toBe(false);
  });
});

describe('reviews and the rubric', () => {
  it('a review made after an edit uses the new rubric; one made before keeps its own', async () => {
    const saved = await put(interviewer, { dimensions: EDITED });
    expect(saved.status).toBe(200);
    const rubric = await saved.json();
    expect(rubric.custom).toBe(true);
    expect(rubric.dimensions).toEqual([
      {
        key: 'debugging',
        label: 'Debugging',
        guidance: 'Finds the cause of a failing test from its output.',
        weight: 3,
      },
      { key: 'code_quality', label: 'Code quality', guidance: 'Readable code.', weight: 1 },
      {
        key: 'communication_with_the_interviewer',
        label: 'Communication with the interviewer',
        guidance: 'Answers questions.',
        weight: 0.5,
      },
    ]);
    const [audit] = await stack.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.targetId, assessmentId), eq(auditLog.action, 'review.rubric.updated')),
      );
    expect(audit!.data).toEqual({ before: null, after: rubric.dimensions });

    const { interview, instants } = await submitSignedSolution(stack);
    const submitted = instants.find((i) => i.label === 'Code at submission')!;
    const anthropic = stack.anthropic!;
    anthropic.script({
      toolUse: {
        name: REVIEW_TOOL,
        input: {
          summary: 'Hash map solution.',
          dimensions: [
            {
              key: 'debugging',
              score: 2,
              reasoning: 'Never ran the tests.',
              citations: [{ t: submitted.t, quote: MAP_LINE, path: 'solution.ts' }],
            },
            { key: 'code_quality', score: 5, reasoning: 'Clear.', citations: [] },
            {
              key: 'communication_with_the_interviewer',
              score: 4,
              reasoning: 'Ok.',
              citations: [],
            },
            // A default dimension the rubric no longer has: ignored.
            { key: 'use_of_ai', score: 1, reasoning: 'Ignored.', citations: [] },
          ],
        },
      },
    });
    const before = anthropic.requests.length;
    await stack.tandem.app.reviews.tick();
    const [request] = anthropic.requests.slice(before).filter(isReview);
    const body = JSON.stringify(request!.body);
    expect(body).toContain(
      'debugging (Debugging): Finds the cause of a failing test from its output.',
    );
    expect(body).not.toContain('problem_solving');
    const tool = request!.body.tools![0] as unknown as {
      input_schema: {
        properties: { dimensions: { items: { properties: { key: { enum: string[] } } } } };
      };
    };
    expect(tool.input_schema.properties.dimensions.items.properties.key.enum).toEqual([
      'debugging',
      'code_quality',
      'communication_with_the_interviewer',
    ]);

    const reviewUrl = `/api/candidates/${interview.candidateId}/review`;
    const section = await (await interviewer.request(reviewUrl)).json();
    expect(section.status).toBe('done');
    expect(section.dimensions.map((d: { label: string }) => d.label)).toEqual([
      'Debugging',
      'Code quality',
      'Communication with the interviewer',
    ]);
    expect(section.rubric).toEqual(rubric.dimensions);
    // (2·3 + 5·1 + 4·0.5) / 4.5
    expect(section.weightedScore).toBeCloseTo(13 / 4.5, 2);

    // The rubric changes again, then goes back to the default: the review keeps what it was made with.
    const again = await put(interviewer, { dimensions: [{ label: 'Speed', weight: 1 }] });
    expect(again.status).toBe(200);
    const reset = await interviewer.request(url(), { method: 'DELETE' });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({
      custom: false,
      dimensions: DEFAULT_RUBRIC.map((d) => ({ ...d })),
    });
    const kept = await (await interviewer.request(reviewUrl)).json();
    expect(kept.rubric).toEqual(rubric.dimensions);
    expect(kept.dimensions.map((d: { key: string }) => d.key)).toEqual([
      'debugging',
      'code_quality',
      'communication_with_the_interviewer',
    ]);
    const [row] = await stack.database.db
      .select({ rubric: aiReviews.rubric })
      .from(aiReviews)
      .where(eq(aiReviews.candidateId, interview.candidateId));
    expect(row!.rubric).toEqual(rubric.dimensions);
    const actions = (
      await stack.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.targetId, assessmentId))
        .orderBy(auditLog.createdAt)
    ).map((a) => a.action);
    expect(actions).toEqual([
      'review.rubric.updated',
      'review.rubric.updated',
      'review.rubric.reset',
    ]);
  });
});
