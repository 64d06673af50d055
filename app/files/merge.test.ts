import { describe, expect, it } from 'vitest';
import { mergeOnto } from './merge.ts';

function apply(text: string, change: ReturnType<typeof mergeOnto>): string {
  if (!change || change === 'conflict') return text;
  return (
    text.slice(0, change.index) + change.insert + text.slice(change.index + change.deleteCount)
  );
}

describe('merging a PUT made against an older version', () => {
  it('keeps typing before the changed range and shifts the change past it', () => {
    const base = 'HEAD\nbody\nTAIL\n';
    const current = `xxx${base}`;
    const mine = 'HEAD\nbody\nTAIL changed\n';
    expect(apply(current, mergeOnto(base, current, mine))).toBe(`xxx${mine}`);
  });

  it('keeps typing after the changed range', () => {
    const base = 'HEAD\nbody\nTAIL\n';
    const current = 'HEAD\nbody\nTAIL\n// more\n';
    expect(apply(current, mergeOnto(base, current, 'NEW HEAD\nbody\nTAIL\n'))).toBe(
      'NEW HEAD\nbody\nTAIL\n// more\n',
    );
  });

  it('reports a conflict when both changed the same range', () => {
    expect(mergeOnto('a = 1', 'a = 2', 'a = 3')).toBe('conflict');
    expect(mergeOnto('ab', 'aXb', 'aYb')).toBe('conflict');
  });

  it('changes nothing when mine equals the base', () => {
    expect(mergeOnto('same', 'changed', 'same')).toBeNull();
  });
});
