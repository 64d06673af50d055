import { expect, test } from 'vitest';
import { Scrollback } from './scrollback.ts';

test('scrollback keeps the most recent output within its bound', () => {
  const scrollback = new Scrollback(20);
  for (let i = 0; i < 10; i++) scrollback.push(`line ${i}\n`);
  expect(scrollback.length).toBeLessThanOrEqual(20);
  expect(scrollback.toString().endsWith('line 9\n')).toBe(true);
});

test('a cut chunk starts at a line boundary when it can', () => {
  const scrollback = new Scrollback(10);
  scrollback.push('aaaa\nbbbb\ncccc\n');
  expect(scrollback.toString()).toBe('cccc\n');
});
