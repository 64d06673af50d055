import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import {
  assessments,
  candidates,
  interviewSessions,
  organizations,
  problems,
} from '../../db/schema/index.ts';
import type { GradingSpecInput } from '../../protocol/grading.ts';
import type { Language, ProblemFile } from '../../protocol/problems.ts';

export interface ProblemFixture {
  language: Language;
  starterFiles: ProblemFile[];
  visibleTests: ProblemFile[];
  /** Hidden cases, judged in the bridge. */
  grading: GradingSpecInput | null;
}

export interface SessionFixture {
  organizationId: string;
  sessionId: string;
  problem: ProblemFixture;
}

/** A five-test TypeScript problem whose starter passes three visible tests; hidden tests add two. */
export const TYPESCRIPT_PROBLEM: ProblemFixture = {
  language: 'typescript',
  starterFiles: [
    {
      path: 'solution.ts',
      content: `export function add(a: number, b: number): number {\n  return a + b;\n}\n`,
    },
  ],
  visibleTests: [
    {
      path: 'solution.test.ts',
      content: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { add } from './solution.ts';

test('adds small numbers', () => {
  assert.equal(add(1, 2), 3);
});

test('finishes late', async () => {
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(add(2, 2), 4);
});

test('adds negatives', () => {
  assert.equal(add(-1, -2), -3);
});

test('fails on purpose', () => {
  assert.equal(add(2, 2), 5);
});

test('adds zero', () => {
  assert.equal(add(0, 0), 0);
});
`,
    },
  ],
  grading: {
    module: 'solution.ts',
    entry: 'add',
    cases: [
      { name: 'hidden: large numbers', args: [1e9, 1e9], expected: 2e9 },
      { name: 'hidden: fractions', args: [0.5, 0.25], expected: 0.75 },
    ],
  },
};

export const PYTHON_PROBLEM: ProblemFixture = {
  language: 'python',
  starterFiles: [{ path: 'solution.py', content: 'def add(a, b):\n    return a + b\n' }],
  visibleTests: [
    {
      path: 'test_solution.py',
      content: `import unittest
from solution import add


class AddTest(unittest.TestCase):
    def test_small(self):
        self.assertEqual(add(1, 2), 3)

    def test_wrong(self):
        print("printed by the candidate")
        self.assertEqual(add(2, 2), 5)


if __name__ == "__main__":
    unittest.main()
`,
    },
  ],
  grading: {
    module: 'solution.py',
    entry: 'add',
    cases: [{ name: 'hidden: negative', args: [-1, 1], expected: 0 }],
  },
};

/** An organization, problem, assessment, candidate and ACTIVE session, as the app creates them. */
export async function createSessionFixture(
  db: Database,
  problem: ProblemFixture = TYPESCRIPT_PROBLEM,
  options: { enableTerminal?: boolean } = {},
): Promise<SessionFixture> {
  const suffix = randomUUID().slice(0, 8);
  const [organization] = await db
    .insert(organizations)
    .values({ name: `Org ${suffix}`, slug: `org-${suffix}` })
    .returning({ id: organizations.id });
  const organizationId = organization!.id;
  const [problemRow] = await db
    .insert(problems)
    .values({
      organizationId,
      title: 'Add',
      description: 'Add two numbers.',
      difficulty: 'EASY',
      language: problem.language,
      starterFiles: problem.starterFiles,
      visibleTests: problem.visibleTests,
      grading: problem.grading,
    })
    .returning({ id: problems.id });
  const [assessment] = await db
    .insert(assessments)
    .values({
      organizationId,
      title: 'Assessment',
      durationMinutes: 60,
      enableTerminal: options.enableTerminal ?? true,
    })
    .returning({ id: assessments.id });
  const [candidate] = await db
    .insert(candidates)
    .values({
      organizationId,
      assessmentId: assessment!.id,
      name: 'Candidate',
      email: `candidate-${suffix}@example.com`,
      status: 'IN_PROGRESS',
    })
    .returning({ id: candidates.id });
  const [session] = await db
    .insert(interviewSessions)
    .values({
      candidateId: candidate!.id,
      organizationId,
      problemId: problemRow!.id,
      deadlineAt: new Date(Date.now() + 60 * 60 * 1000),
    })
    .returning({ id: interviewSessions.id });
  return { organizationId, sessionId: session!.id, problem };
}
