import { describe, expect, it } from 'vitest';
import { encodeHistory, HistoryFormatError } from '../../protocol/history-format.ts';
import { syntheticSession } from './fixtures/synthetic-session.ts';
import { openReplay } from './open-replay.ts';

describe('openReplay', () => {
  it('opens a history body into an index and a timeline', () => {
    const { history } = syntheticSession();
    const replay = openReplay(encodeHistory(history));
    expect(replay.meta).toEqual(history.meta);
    expect(replay.index.stepCount).toBe(history.updates.length);
    expect(replay.timeline.events).toHaveLength(history.events.length);
    expect(replay.index.stateAt(replay.timeline.end).files.map((f) => f.path)).toContain(
      'src/solution.ts',
    );
  });

  it('rejects bytes that are not a history with a coded error', () => {
    expect(() => openReplay(new TextEncoder().encode('<html>'))).toThrow(HistoryFormatError);
  });
});
