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
  /**
   * With several problems: each problem's final grading, in order (null where
   * it failed). The overall score is then their mean; `grade` is their sum.
   */
  problemGrades?: Array<FinalGrade | null>;
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
  const { overallScore, visiblePassRate, hiddenPassRate } = gradeScore(input.grade);
  return {
    overallScore:
      input.problemGrades && input.problemGrades.length > 1
        ? meanScore(input.problemGrades)
        : overallScore,
    visiblePassRate,
    hiddenPassRate,
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

/** One grading's pass rates and its 0–100 score (40% visible, 60% hidden). */
export function gradeScore(grade: FinalGrade | null): {
  overallScore: number | null;
  visiblePassRate: number | null;
  hiddenPassRate: number | null;
} {
  const visible = grade ? rate(grade.visiblePassed, grade.visibleTotal) : null;
  const hidden = grade ? rate(grade.hiddenPassed, grade.hiddenTotal) : null;
  let overall: number | null = null;
  if (visible !== null || hidden !== null) {
    // With no hidden tests the visible ones carry the whole weight, and vice versa.
    const weights =
      visible !== null && hidden !== null ? [0.4, 0.6] : visible !== null ? [1, 0] : [0, 1];
    overall =
      Math.round(100 * ((visible ?? 0) * weights[0]! + (hidden ?? 0) * weights[1]!) * 10) / 10;
  }
  return { overallScore: overall, visiblePassRate: visible, hiddenPassRate: hidden };
}

/**
 * The overall score of several problems: the mean of their scores, each
 * problem weighing the same. A problem whose grading failed or that has no
 * tests counts as 0 as long as another one has a score; none: no score.
 */
export function meanScore(grades: Array<FinalGrade | null>): number | null {
  const scores = grades.map((grade) => gradeScore(grade).overallScore);
  if (scores.every((score) => score === null)) return null;
  const sum = scores.reduce<number>((total, score) => total + (score ?? 0), 0);
  return Math.round((sum / scores.length) * 10) / 10;
}

/** The sum of several gradings (the candidate's pass-rate columns); null when none ran. */
export function sumGrades(grades: Array<FinalGrade | null>): FinalGrade | null {
  const ran = grades.filter((grade): grade is FinalGrade => grade !== null);
  if (ran.length === 0) return null;
  return {
    visiblePassed: ran.reduce((n, g) => n + g.visiblePassed, 0),
    visibleTotal: ran.reduce((n, g) => n + g.visibleTotal, 0),
    hiddenPassed: ran.reduce((n, g) => n + g.hiddenPassed, 0),
    hiddenTotal: ran.reduce((n, g) => n + g.hiddenTotal, 0),
  };
}
