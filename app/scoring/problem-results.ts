import { type FinalGrade, gradeScore } from './scores.ts';

/** One problem's result as the report and the comparison show it (score_details.problems). */
export interface ProblemResult {
  position: number;
  problemId: string;
  title: string;
  folder: string;
  /** 0–100, like the overall score; null when it could not be graded. */
  score: number | null;
  visiblePassed: number;
  visibleTotal: number;
  hiddenPassed: number;
  hiddenTotal: number;
  /** False when its final grading failed (its score then counts as 0). */
  graded: boolean;
  /** Candidate test runs of this problem. */
  testRunCount: number;
  /** Seconds from opening the problem to the first run where all its visible tests passed. */
  timeToFirstPassSeconds: number | null;
  openedAt: string | null;
  submittedAt: string | null;
}

interface RunOfProblem {
  kind: string;
  startedAt: Date;
  passed: number;
  total: number;
  problemPosition: number;
}

/** Per-problem results from each problem's final grading and the session's runs. */
export function problemResults(
  sessionProblems: Array<{
    position: number;
    folder: string;
    openedAt: Date | null;
    submittedAt: Date | null;
    problem: { id: string; title: string };
  }>,
  grades: Array<FinalGrade | null>,
  runs: RunOfProblem[],
): ProblemResult[] {
  return sessionProblems.map((entry, index) => {
    const grade = grades[index] ?? null;
    const own = runs
      .filter((run) => run.kind === 'visible' && run.problemPosition === entry.position)
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    const firstPass = own.find((run) => run.total > 0 && run.passed === run.total);
    return {
      position: entry.position,
      problemId: entry.problem.id,
      title: entry.problem.title,
      folder: entry.folder,
      score: gradeScore(grade).overallScore,
      visiblePassed: grade?.visiblePassed ?? 0,
      visibleTotal: grade?.visibleTotal ?? 0,
      hiddenPassed: grade?.hiddenPassed ?? 0,
      hiddenTotal: grade?.hiddenTotal ?? 0,
      graded: grade !== null,
      testRunCount: own.length,
      timeToFirstPassSeconds:
        firstPass && entry.openedAt
          ? Math.max(
              0,
              Math.round((firstPass.startedAt.getTime() - entry.openedAt.getTime()) / 1000),
            )
          : null,
      openedAt: entry.openedAt?.toISOString() ?? null,
      submittedAt: entry.submittedAt?.toISOString() ?? null,
    };
  });
}
