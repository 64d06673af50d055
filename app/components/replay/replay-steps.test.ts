import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../replay/timeline.ts';
import { adjacentInstant, adjacentMarker } from './replay-steps.ts';
import { formatOffset, stepAtTime } from './replay-time.ts';

const times = new Float64Array([100, 100, 200, 200, 400]);
const events = [{ at: 150 }, { at: 300 }] as TimelineEvent[];

describe('stepping through a replay', () => {
  it('finds the last step at or before an instant', () => {
    expect([50, 100, 199, 200, 500].map((t) => stepAtTime(times, t))).toEqual([0, 1, 1, 3, 4]);
  });

  it('goes to the next and previous instant with an edit or an event', () => {
    const forward = [100];
    while (forward.length < 6) forward.push(adjacentInstant(times, events, forward.at(-1)!, 1));
    expect(forward).toEqual([100, 150, 200, 300, 400, 400]);
    const back = [400];
    while (back.length < 6) back.push(adjacentInstant(times, events, back.at(-1)!, -1));
    expect(back).toEqual([400, 300, 200, 150, 100, 100]);
  });

  it('goes from marker to marker', () => {
    const markers = [
      { kind: 'note' as const, at: 100, label: '' },
      { kind: 'ai-turn' as const, at: 300, label: '' },
    ];
    expect(adjacentMarker(markers, 100, 1)?.at).toBe(300);
    expect(adjacentMarker(markers, 300, -1)?.at).toBe(100);
    expect(adjacentMarker(markers, 300, 1)).toBeNull();
  });

  it('writes offsets as m:ss, and h:mm:ss past an hour', () => {
    expect([0, 61_500, 3_600_000 + 62_000].map(formatOffset)).toEqual(['0:00', '1:01', '1:01:02']);
  });
});
