/**
 * How a submission is scored (docs/scoring.md). Everything is computed from
 * recorded facts — test runs and the CRDT history — never from a model's opinion.
 */

export interface RunSummary {
  kind: 'visible' | 'final' | 'reference';
  startedAt: Date;
  passed: number;
  total: number;
}

export interface FinalGrade {
  visiblePassed: number;
  visibleTotal: number;
  hiddenPassed: number;
  hiddenTotal: number;
}

export interface ScoreInput {
  startedAt: Date;
  endedAt: Date;
  /** Every run of the session, any order. */
  runs: RunSummary[];
  /** The final grading run (visible + hidden against a copy), or null when grading failed. */
  grade: FinalGrade | null;
  /** Characters of the final code written by AI pastes, and in total (provenance). */
  aiPasteChars: number;
  finalChars: number;
}

export interface Scores {
  /** 0–100: 40% visible tests, 60% hidden tests of the final grading. */
  overallScore: number | null;
  visiblePassRate: number | null;
  hiddenPassRate: number | null;
  /** Seconds from the start to the first candidate run where every visible test passed. */
  timeToFirstPassSeconds: number | null;
  /** Test runs the candidate started. */
  testRunCount: number;
  /** 0–1: share of the final code that came from AI pastes. */
  aiReliance: number | null;
  durationSeconds: number;
}

const rate = (passed: number, total: number) => (total > 0 ? passed / total : null);

export function computeScores(input: ScoreInput): Scores {
  const candidateRuns = input.runs
    .filter((run) => run.kind === 'visible')
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const firstPass = candidateRuns.find((run) => run.total > 0 && run.passed === run.total);
  const visible = input.grade ? rate(input.grade.visiblePassed, input.grade.visibleTotal) : null;
  const hidden = input.grade ? rate(input.grade.hiddenPassed, input.grade.hiddenTotal) : null;
  let overall: number | null = null;
  if (visible !== null || hidden !== null) {
    // With no hidden tests the visible ones carry the whole weight, and vice versa.
    const weights =
      visible !== null && hidden !== null ? [0.4, 0.6] : visible !== null ? [1, 0] : [0, 1];
    overall =
      Math.round(100 * ((visible ?? 0) * weights[0]! + (hidden ?? 0) * weights[1]!) * 10) / 10;
  }
  return {
    overallScore: overall,
    visiblePassRate: visible,
    hiddenPassRate: hidden,
    timeToFirstPassSeconds: firstPass
      ? Math.max(0, Math.round((firstPass.startedAt.getTime() - input.startedAt.getTime()) / 1000))
      : null,
    testRunCount: candidateRuns.length,
    aiReliance: input.finalChars > 0 ? Math.min(1, input.aiPasteChars / input.finalChars) : null,
    durationSeconds: Math.max(
      0,
      Math.round((input.endedAt.getTime() - input.startedAt.getTime()) / 1000),
    ),
  };
}
