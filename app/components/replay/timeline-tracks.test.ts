import { describe, expect, it } from 'vitest';
import type { Timeline, TimelineEvent } from '../../replay/timeline.ts';
import { buildTracks, pixelSpans, visibleMarkers } from './timeline-tracks.ts';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
let seq = 0;
const event = (at: number, type: string, data: Record<string, unknown>, label = type) =>
  ({ seq: ++seq, at: T0 + at, type, source: 'server', data, label }) as TimelineEvent;

const timeline: Timeline = {
  start: T0,
  end: T0 + 60_000,
  files: [
    {
      fileId: 1,
      path: 'b.ts',
      renamedFrom: null,
      createdAt: T0,
      deletedAt: null,
      bursts: [{ from: T0 + 1000, to: T0 + 5000, updates: 12 }],
    },
    {
      fileId: 2,
      path: 'a.ts',
      renamedFrom: null,
      createdAt: T0,
      deletedAt: T0 + 9000,
      bursts: [{ from: T0, to: T0, updates: 1 }],
    },
    {
      fileId: 3,
      path: 'a.ts',
      renamedFrom: null,
      createdAt: T0 + 20_000,
      deletedAt: null,
      bursts: [{ from: T0 + 20_000, to: T0 + 21_000, updates: 3 }],
    },
  ],
  events: [
    event(2000, 'test_run_started', { runId: 'r1', total: 2 }),
    event(2500, 'test_run_finished', { runId: 'r1', total: 2, passed: 1, failed: 1 }),
    event(3000, 'ai_turn_started', { interactionId: 'i1', prompt: 'hi' }),
    event(7000, 'ai_turn_finished', { interactionId: 'i1', response: 'hello' }),
    event(8000, 'focus', { focused: false }, 'Focus lost'),
    event(14_000, 'focus', { focused: true }),
    event(30_000, 'test_run_started', { runId: 'r2', total: 2 }),
    event(31_000, 'test_run_finished', { runId: 'r2', total: 2, passed: 2, failed: 0 }),
    event(40_000, 'test_run_started', { runId: 'r3', total: 2 }),
  ],
  markers: [],
  idle: [],
  notes: [],
};

describe('the timeline rows', () => {
  const rows = buildTracks(timeline, [
    { at: T0 + 10_000, step: 9, chars: 300, kind: 'ai-paste', paths: ['a.ts'] },
  ]);
  const row = (id: string) => rows.find((r) => r.id === id)!;

  it('has one row per path, sorted, with the bursts of every file that had it', () => {
    expect(rows.filter((r) => r.kind === 'file').map((r) => r.label)).toEqual(['a.ts', 'b.ts']);
    expect(row('file:a.ts').spans.map((s) => s.from - T0)).toEqual([0, 20_000]);
  });

  it('spans each test run from start to end, green only when all passed; an unfinished one runs on', () => {
    expect(row('tests').spans.map((s) => [s.from - T0, s.to - T0, s.tone])).toEqual([
      [2000, 2500, 'fail'],
      [30_000, 31_000, 'pass'],
      [40_000, 60_000, 'running'],
    ]);
  });

  it('spans AI turns, focus loss and marks pastes', () => {
    expect(row('ai').spans.map((s) => [s.from - T0, s.to - T0])).toEqual([[3000, 7000]]);
    expect(row('focus').spans.map((s) => [s.from - T0, s.to - T0, s.label])).toEqual([
      [8000, 14_000, 'Focus lost for 6 s'],
    ]);
    expect(row('pastes').spans[0]).toMatchObject({
      tone: 'ai-paste',
      label: 'Pasted 300 characters from the AI into a.ts',
    });
  });
});

describe('pixel spans', () => {
  it('merge spans of one tone that would overlap on screen, and keep a minimum width', () => {
    const spans = [0, 10, 20, 5000].map((at) => ({
      from: T0 + at,
      to: T0 + at,
      tone: 'terminal' as const,
      label: `at ${at}`,
    }));
    const out = pixelSpans(spans, T0, T0 + 10_000, 100);
    expect(out.map((s) => [s.x, Math.round(s.w * 10) / 10, s.count])).toEqual([
      [0, 2.2, 3],
      [50, 2, 1],
    ]);
  });
});

describe('visible markers', () => {
  it('leave out idle gaps and markers of one kind that would sit on each other', () => {
    const markers = [
      { kind: 'ai-turn' as const, at: T0, label: 'a' },
      { kind: 'ai-turn' as const, at: T0 + 10, label: 'b' },
      { kind: 'note' as const, at: T0 + 10, label: 'n' },
      { kind: 'idle' as const, at: T0 + 500, label: 'idle' },
      { kind: 'ai-turn' as const, at: T0 + 5000, label: 'c' },
    ];
    const shown = visibleMarkers(markers, T0, T0 + 10_000, 100);
    expect(shown.map((m) => m.label)).toEqual(['a', 'n', 'c']);
  });
});
