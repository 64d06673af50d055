import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC, keyFromLabel, validateRubric, weightedScore } from './rubric.ts';

const codes = (input: unknown) => {
  const result = validateRubric(input);
  return result.ok ? [] : result.issues.map((i) => [i.code, i.index ?? null]);
};

describe('validateRubric', () => {
  it('keeps given keys, makes keys for new dimensions from their names, unlike the others', () => {
    const result = validateRubric([
      { key: 'testing', label: ' Testing ', guidance: 'Runs early.', weight: 2 },
      { label: 'System design!', weight: '1.5' },
      { label: 'System  Design 2' },
      { label: '42 things' },
    ]);
    expect(result).toEqual({
      ok: true,
      dimensions: [
        { key: 'testing', label: 'Testing', guidance: 'Runs early.', weight: 2 },
        { key: 'system_design', label: 'System design!', guidance: '', weight: 1.5 },
        { key: 'system_design_2', label: 'System Design 2', guidance: '', weight: 1 },
        { key: 'd_42_things', label: '42 things', guidance: '', weight: 1 },
      ],
    });
    expect(keyFromLabel('Système')).toBe('systeme');
  });

  it('reports every problem with a code and the dimension it is in', () => {
    expect(codes('testing')).toEqual([['RUBRIC_NOT_A_LIST', null]]);
    expect(codes([])).toEqual([['RUBRIC_EMPTY', null]]);
    expect(codes(Array.from({ length: 11 }, (_, i) => ({ label: `D${i}` })))).toEqual([
      ['RUBRIC_TOO_MANY_DIMENSIONS', null],
    ]);
    expect(
      codes([
        { label: '   ' },
        { label: 'Testing' },
        { label: 'testing' },
        { label: 'x'.repeat(61) },
        { label: 'Guided', guidance: 'g'.repeat(401) },
        { label: 'Heavy', weight: 11 },
        { label: 'Negative', weight: -1 },
        { label: 'Word', weight: 'lots' },
        { key: 'Bad Key', label: 'Keyed' },
        { key: 'testing_2', label: 'One' },
        { key: 'testing_2', label: 'Two' },
      ]),
    ).toEqual([
      ['RUBRIC_TOO_MANY_DIMENSIONS', null],
      ['RUBRIC_NAME_EMPTY', 0],
      ['RUBRIC_NAME_DUPLICATE', 2],
      ['RUBRIC_NAME_TOO_LONG', 3],
      ['RUBRIC_GUIDANCE_TOO_LONG', 4],
      ['RUBRIC_WEIGHT_INVALID', 5],
      ['RUBRIC_WEIGHT_INVALID', 6],
      ['RUBRIC_WEIGHT_INVALID', 7],
      ['RUBRIC_KEY_INVALID', 8],
      ['RUBRIC_KEY_DUPLICATE', 10],
    ]);
    expect(
      codes([
        { label: 'A', weight: 0 },
        { label: 'B', weight: '0' },
      ]),
    ).toEqual([['RUBRIC_WEIGHTS_ALL_ZERO', null]]);
    expect(validateRubric(DEFAULT_RUBRIC).ok).toBe(true);
  });
});

describe('weightedScore', () => {
  it('weighs final scores, the model’s while pending, and leaves rejected ones out', () => {
    const rubric = [
      { key: 'a', weight: 3 },
      { key: 'b', weight: 1 },
      { key: 'c', weight: 5 },
      { key: 'd' },
    ];
    expect(
      weightedScore(rubric, [
        { key: 'a', modelScore: 4, decision: 'changed', finalScore: 2 },
        { key: 'b', modelScore: 5, decision: 'pending', finalScore: null },
        { key: 'c', modelScore: 5, decision: 'rejected', finalScore: null },
        { key: 'd', modelScore: 3, decision: 'accepted', finalScore: 3 },
      ]),
    ).toBe(Math.round(((2 * 3 + 5 + 3) / 5) * 100) / 100);
    expect(
      weightedScore(rubric, [{ key: 'c', modelScore: 5, decision: 'rejected', finalScore: null }]),
    ).toBeNull();
  });
});
