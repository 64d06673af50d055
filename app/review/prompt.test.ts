import { describe, expect, it } from 'vitest';
import { buildReviewRequest, modelReviewSchema, REVIEW_TOOL } from './prompt.ts';
import { DEFAULT_RUBRIC, rubricSchema } from './rubric.ts';

describe('the review request', () => {
  const evidence = {
    durationMs: 90_000,
    instants: [
      { t: 1200, kind: 'ai-prompt' as const, label: 'Candidate asked the AI', text: 'How?' },
      {
        t: 80_000,
        kind: 'code' as const,
        label: 'Code at submission',
        files: [{ path: 'solution.ts', text: 'const seen = new Map();' }],
      },
    ],
  };

  it('asks for one tool call scoring the assessment’s own rubric, with the instants on the replay clock', () => {
    const rubric = rubricSchema.parse([
      { key: 'complexity', label: 'Complexity', guidance: 'Big-O of the final code.' },
      { key: 'naming', label: 'Naming' },
    ]);
    const request = buildReviewRequest(evidence, rubric, 'claude-sonnet-5-5');
    expect(request.tool_choice).toEqual({ type: 'tool', name: REVIEW_TOOL });
    const text = request.messages[0]!.content as string;
    expect(text).toContain('- complexity (Complexity): Big-O of the final code.');
    expect(text).toContain('[t=1200] Candidate asked the AI\nHow?');
    expect(text).toContain(
      '[t=80000] Code at submission\n--- solution.ts ---\nconst seen = new Map();',
    );
    expect(JSON.stringify(request.tools)).toContain('"enum":["complexity","naming"]');
  });

  it('refuses a rubric with repeated or malformed keys, and scores outside 1–5', () => {
    expect(rubricSchema.safeParse([...DEFAULT_RUBRIC, DEFAULT_RUBRIC[0]]).success).toBe(false);
    expect(rubricSchema.safeParse([{ key: 'Bad Key', label: 'x' }]).success).toBe(false);
    expect(rubricSchema.safeParse([]).success).toBe(false);
    const answer = { summary: '', dimensions: [{ key: 'testing', score: 7, reasoning: 'x' }] };
    expect(modelReviewSchema.safeParse(answer).success).toBe(false);
  });
});
