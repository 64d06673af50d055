import { describe, expect, it } from 'vitest';
import { computeScores, meanScore, type ScoreInput, sumGrades } from './scores.ts';

const start = new Date('2026-11-28T10:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

function input(overrides: Partial<ScoreInput> = {}): ScoreInput {
  return {
    startedAt: start,
    endedAt: at(42),
    runs: [],
    grade: { visiblePassed: 5, visibleTotal: 5, hiddenPassed: 2, hiddenTotal: 3 },
    aiPasteChars: 0,
    finalChars: 400,
    ...overrides,
  };
}

describe('scoring a submission', () => {
  it('weighs visible tests 40% and hidden tests 60%', () => {
    const scores = computeScores(input());
    expect(scores.visiblePassRate).toBe(1);
    expect(scores.hiddenPassRate).toBeCloseTo(2 / 3);
    expect(scores.overallScore).toBe(80);
    expect(scores.durationSeconds).toBe(42 * 60);
  });

  it('gives the visible tests all the weight when a problem has no hidden tests', () => {
    const scores = computeScores(
      input({ grade: { visiblePassed: 3, visibleTotal: 4, hiddenPassed: 0, hiddenTotal: 0 } }),
    );
    expect(scores.hiddenPassRate).toBeNull();
    expect(scores.overallScore).toBe(75);
  });

  it('has no overall score when grading failed', () => {
    expect(computeScores(input({ grade: null })).overallScore).toBeNull();
  });

  it('times the first run where every visible test passed and counts only candidate runs', () => {
    const scores = computeScores(
      input({
        runs: [
          { kind: 'visible', startedAt: at(20), passed: 5, total: 5 },
          { kind: 'visible', startedAt: at(5), passed: 2, total: 5 },
          { kind: 'final', startedAt: at(42), passed: 7, total: 8 },
          { kind: 'visible', startedAt: at(30), passed: 5, total: 5 },
        ],
      }),
    );
    expect(scores.timeToFirstPassSeconds).toBe(20 * 60);
    expect(scores.testRunCount).toBe(3);
  });

  it('measures AI reliance as the share of final code from AI pastes', () => {
    expect(computeScores(input({ aiPasteChars: 100, finalChars: 400 })).aiReliance).toBe(0.25);
    expect(computeScores(input({ aiPasteChars: 0, finalChars: 0 })).aiReliance).toBeNull();
  });
});

describe('scoring several problems', () => {
  const full = { visiblePassed: 5, visibleTotal: 5, hiddenPassed: 3, hiddenTotal: 3 };
  const half = { visiblePassed: 2, visibleTotal: 4, hiddenPassed: 1, hiddenTotal: 2 };

  it('makes the overall score the mean of the problems’ scores', () => {
    const scores = computeScores(
      input({ grade: sumGrades([full, half]), problemGrades: [full, half] }),
    );
    expect(scores.overallScore).toBe(75);
    expect(scores.visiblePassRate).toBeCloseTo(7 / 9);
  });

  it('counts a problem whose grading failed as 0, and gives no score when none was graded', () => {
    expect(meanScore([full, null])).toBe(50);
    expect(meanScore([null, null])).toBeNull();
    expect(sumGrades([null, null])).toBeNull();
  });

  it('scores one problem exactly as before', () => {
    expect(computeScores(input({ problemGrades: [input().grade] })).overallScore).toBe(80);
  });
});
