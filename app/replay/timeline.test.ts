import { beforeAll, describe, expect, it } from 'vitest';
import { buildReplayIndex } from './build-index.ts';
import {
  STARTED_AT,
  type SyntheticSession,
  syntheticSession,
} from './fixtures/synthetic-session.ts';
import { searchTimeline } from './search.ts';
import { buildTimeline, skipIdle, type Timeline } from './timeline.ts';

let session: SyntheticSession;
let timeline: Timeline;
beforeAll(() => {
  session = syntheticSession();
  const index = buildReplayIndex(session.history);
  timeline = buildTimeline(index, session.history);
});

describe('the replay timeline', () => {
  it('puts every event on the clock in order, with a readable label', () => {
    expect(timeline.events).toHaveLength(session.history.events.length);
    const times = timeline.events.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(timeline.events.map((e) => e.label)).toContain('Test passed: handles empty');
    expect(timeline.start).toBe(STARTED_AT);
    expect(timeline.end).toBe(session.history.events.at(-1)!.at);
  });

  it('marks the first passing test, each test run, each AI turn, long pastes and focus loss', () => {
    const kinds = (kind: string) => timeline.markers.filter((m) => m.kind === kind);
    expect(kinds('first-passing-test').map((m) => m.label)).toEqual(['Test passed: handles empty']);
    expect(kinds('test-run').map((m) => m.label)).toEqual(['Test run finished: 1/2 passed']);
    expect(kinds('ai-turn')).toHaveLength(1);
    expect(kinds('focus-lost')).toHaveLength(1);
    // The 2,800-character AI paste gets a marker; the 60-character paste does not.
    expect(kinds('long-paste')).toEqual([
      expect.objectContaining({
        step: session.steps.aiPaste,
        label: expect.stringContaining('from the AI into src/solution.ts'),
      }),
    ]);
  });

  it('finds the idle gap and skips it', () => {
    expect(timeline.idle).toHaveLength(1);
    const gap = timeline.idle[0]!;
    expect(gap.to - gap.from).toBeGreaterThanOrEqual(150_000);
    expect(skipIdle(timeline, gap.from + 1000)).toBe(gap.to);
    expect(skipIdle(timeline, gap.from - 1000)).toBe(gap.from - 1000);
  });

  it('places interviewer notes at their session time', () => {
    expect(timeline.notes.map((n) => [n.id, n.at, n.text])).toEqual([
      ['n1', STARTED_AT + 20_000, 'Pasted the signature'],
      ['n2', STARTED_AT + 60_000, 'Asked the AI'],
    ]);
    expect(timeline.notes[0]!.createdAt).toBe(STARTED_AT + 20_500);
    expect(timeline.markers.filter((m) => m.kind === 'note').map((m) => m.noteId)).toEqual([
      'n1',
      'n2',
    ]);
  });

  it('gives each file a track of edit bursts from creation to deletion, a rename starting a new one', () => {
    const result = timeline.files.filter((f) => f.path === 'out/result.txt');
    expect(result).toHaveLength(2);
    expect(result[0]!.deletedAt).not.toBeNull();
    expect(result[1]!.deletedAt).toBeNull();
    const renamed = timeline.files.find((f) => f.path === 'test/solution.test.ts')!;
    expect(renamed.renamedFrom).toBe('src/solution.test.ts');
    const solution = timeline.files.find((f) => f.path === 'src/solution.ts')!;
    expect(solution.bursts.reduce((n, b) => n + b.updates, 0)).toBeGreaterThan(150);
    for (const burst of solution.bursts) expect(burst.to).toBeGreaterThanOrEqual(burst.from);
  });

  it('answers searches for a test result, a word of an AI answer, a file name and a note', () => {
    expect(searchTimeline(timeline, 'test passed').map((h) => h.label)).toEqual([
      'Test passed: handles empty',
    ]);
    expect(searchTimeline(timeline, 'HASH MAP').map((h) => h.label)).toEqual([
      'AI answer: Use a hash map of seen values.',
    ]);
    expect(searchTimeline(timeline, 'result.txt').filter((h) => h.kind === 'file')).toHaveLength(2);
    expect(searchTimeline(timeline, 'signature')).toEqual([
      { at: STARTED_AT + 20_000, kind: 'note', label: 'Pasted the signature' },
    ]);
    expect(searchTimeline(timeline, '  ')).toEqual([]);
  });
});
