import { describe, expect, it } from 'vitest';
import { codeBlocks, enforcePolicy, policyPrompt, WITHHELD_ANSWER } from './policy.ts';

const solution = [
  'Here is the answer:',
  '```ts',
  'export function twoSum(nums: number[], target: number) {',
  '  const seen = new Map<number, number>();',
  '  for (let i = 0; i < nums.length; i++) {',
  '    const j = seen.get(target - nums[i]);',
  '    if (j !== undefined) return [j, i];',
  '    seen.set(nums[i], i);',
  '  }',
  '}',
  '```',
].join('\n');

describe('the AI policy', () => {
  it('holds back a hints-only answer with a long code block', () => {
    expect(enforcePolicy('hints', solution)).toEqual({ shown: WITHHELD_ANSWER, withheld: true });
  });

  it('lets hints with a short snippet through', () => {
    const hint =
      'Think of a map from value to index:\n```ts\nconst seen = new Map();\n```\nThen look up target − x.';
    expect(enforcePolicy('hints', hint)).toEqual({ shown: hint, withheld: false });
  });

  it('counts indented and unclosed blocks too', () => {
    const indented = `Try:\n\n    a();\n    b();\n    c();\n    d();\n\nok`;
    expect(codeBlocks(indented)).toEqual([{ lines: 4 }]);
    expect(enforcePolicy('hints', indented).withheld).toBe(true);
    const unclosed = '```\n1\n2\n3\n4\n5';
    expect(enforcePolicy('hints', unclosed).withheld).toBe(true);
  });

  it('leaves full answers alone and adds nothing to the prompt without hints only', () => {
    expect(enforcePolicy('full', solution)).toEqual({ shown: solution, withheld: false });
    expect(policyPrompt('full')).toBe('');
    expect(policyPrompt('hints')).toContain('HINTS ONLY');
  });
});
