import { describe, expect, it } from 'vitest';
import { DocumentBudgets } from './document-budgets.ts';

describe('DocumentBudgets', () => {
  it('keeps a document’s spent budget for the next lookup by name (a reload does not refill it)', () => {
    let now = 0;
    const budgets = new DocumentBudgets(100, 10, () => now);
    expect(budgets.of('session:a').take(100)).toBe(true);
    // The document was unloaded and loaded again: same name, same (empty) budget.
    expect(budgets.of('session:a').take(1)).toBe(false);
    expect(budgets.of('session:b').take(100)).toBe(true);
    now += 1000;
    expect(budgets.of('session:a').take(10)).toBe(true);
    expect(budgets.of('session:a').take(1)).toBe(false);
  });

  it('forgets budgets that have refilled completely', () => {
    let now = 0;
    const budgets = new DocumentBudgets(100, 10, () => now);
    for (let i = 0; i < 50; i++) budgets.of(`session:${i}`).take(50);
    budgets.of('session:busy').take(100);
    expect(budgets.size).toBe(51);
    now += 6_000; // the 50 refilled; session:busy has 60 of 100
    budgets.sweep();
    expect(budgets.size).toBe(1);
  });
});
