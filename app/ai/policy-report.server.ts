import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assessments, candidates, sessionEvents } from '../../db/schema/index.ts';
import { type AiPolicy, isAiPolicy } from '../../protocol/room.ts';

export interface AiPolicyReport {
  /** The policy each answer was given under (the assessment's, when nothing was asked). */
  policies: AiPolicy[];
  /** Answers held back because they wrote solution code under hints only. */
  withheld: number;
}

/** Which AI policy held in a candidate's interview, from the answers themselves. */
export async function aiPolicyReport(
  db: Database,
  candidateId: string,
  sessionId: string | null,
): Promise<AiPolicyReport> {
  const turns = sessionId
    ? await db
        .select({ data: sessionEvents.data })
        .from(sessionEvents)
        .where(
          and(eq(sessionEvents.sessionId, sessionId), eq(sessionEvents.type, 'ai_turn_finished')),
        )
    : [];
  const policies = new Set<AiPolicy>();
  let withheld = 0;
  for (const { data } of turns) {
    if (isAiPolicy(data.policy)) policies.add(data.policy);
    if (data.withheld === true) withheld++;
  }
  if (policies.size === 0) {
    const [row] = await db
      .select({ enableAI: assessments.enableAI, policy: assessments.aiPolicy })
      .from(candidates)
      .innerJoin(assessments, eq(assessments.id, candidates.assessmentId))
      .where(eq(candidates.id, candidateId));
    if (row) policies.add(row.enableAI ? row.policy : 'off');
  }
  return { policies: [...policies], withheld };
}

const labels: Record<AiPolicy, string> = {
  off: 'off',
  hints: 'hints only',
  full: 'full help',
};

/** "hints only, 1 answer held back" */
export function describeAiPolicy(report: AiPolicyReport): string {
  const policy = report.policies.map((p) => labels[p]).join(' then ') || 'unknown';
  if (report.withheld === 0) return policy;
  return `${policy}, ${report.withheld} ${report.withheld === 1 ? 'answer' : 'answers'} with solution code held back`;
}
