import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { aiInteractions, testResults, testRuns } from '../../db/schema/index.ts';

/** Budgets in (estimated) tokens: the context is chosen, not dumped. */
export const CONTEXT_BUDGET = {
  problem: 1500,
  openFile: 3000,
  tests: 600,
  history: 3000,
} as const;

/** About four characters per token for code and English: good enough for budgeting. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Keeps the start of a text within a token budget, saying what was cut. */
export function truncateToTokens(text: string, tokens: number): string {
  const limit = tokens * 4;
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n… [${text.length - limit} more characters not shown]`;
}

export interface OpenFile {
  path: string;
  content: string;
}

export interface TestSummary {
  status: string;
  passed: number;
  total: number;
  failures: Array<{ name: string; error: string | null }>;
}

/** The last visible-test run of a session, with its failures. */
export async function lastTestSummary(
  db: Database,
  sessionId: string,
): Promise<TestSummary | null> {
  const [run] = await db
    .select()
    .from(testRuns)
    .where(and(eq(testRuns.sessionId, sessionId), eq(testRuns.kind, 'visible')))
    .orderBy(desc(testRuns.startedAt))
    .limit(1);
  if (!run) return null;
  const failures = await db
    .select({ name: testResults.name, error: testResults.error })
    .from(testResults)
    .where(
      and(
        eq(testResults.runId, run.id),
        eq(testResults.passed, false),
        eq(testResults.hidden, false),
      ),
    )
    .limit(10);
  return { status: run.status, passed: run.passed, total: run.total, failures };
}

/** The system prompt: the assistant's role plus the chosen context. */
export function buildSystemPrompt(input: {
  problem: { title: string; description: string };
  openFile: OpenFile | null;
  tests: TestSummary | null;
}): string {
  const parts = [
    'You are the AI assistant inside a live coding interview on Tandem. Help the candidate the way a',
    'good pair programmer would: explain, hint, review and write code when asked. Be concise. Use',
    'fenced code blocks with a language tag for code. The hiring team can read this conversation.',
    'You can list and read the files of the candidate’s workspace with your tools when you need them.',
    '',
    `## Problem: ${input.problem.title}`,
    truncateToTokens(input.problem.description, CONTEXT_BUDGET.problem),
  ];
  if (input.openFile) {
    parts.push(
      '',
      `## The file the candidate has open: ${input.openFile.path}`,
      '```',
      truncateToTokens(input.openFile.content, CONTEXT_BUDGET.openFile),
      '```',
    );
  }
  if (input.tests) {
    const lines = [`## Last test run: ${input.tests.passed}/${input.tests.total} passed`];
    for (const failure of input.tests.failures) {
      lines.push(
        `- FAILED ${failure.name}${failure.error ? `: ${failure.error.split('\n')[0]}` : ''}`,
      );
    }
    parts.push('', truncateToTokens(lines.join('\n'), CONTEXT_BUDGET.tests));
  }
  return parts.join('\n');
}

/** Earlier turns of this session, newest kept first, within the history budget. */
export async function conversationHistory(
  db: Database,
  sessionId: string,
): Promise<MessageParam[]> {
  const turns = await db
    .select({ prompt: aiInteractions.prompt, response: aiInteractions.response })
    .from(aiInteractions)
    .where(eq(aiInteractions.sessionId, sessionId))
    .orderBy(desc(aiInteractions.createdAt))
    .limit(20);
  const kept: MessageParam[] = [];
  let used = 0;
  for (const turn of turns) {
    if (!turn.response) continue;
    const cost = estimateTokens(turn.prompt) + estimateTokens(turn.response);
    if (used + cost > CONTEXT_BUDGET.history) break;
    used += cost;
    kept.unshift(
      { role: 'user', content: turn.prompt },
      { role: 'assistant', content: turn.response },
    );
  }
  return kept;
}
