import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionHistory } from '../../protocol/history-format.ts';
import { buildReplayIndex } from './build-index.ts';
import { ReplayError } from './errors.ts';
import { referenceStates } from './fixtures/reference.ts';
import { syntheticSession } from './fixtures/synthetic-session.ts';
import { fileProvenance } from './provenance.ts';

let history: SessionHistory;
beforeAll(() => {
  history = syntheticSession().history;
});

function codeOf(build: () => unknown): string | undefined {
  try {
    build();
  } catch (error) {
    if (error instanceof ReplayError) return error.code;
    throw error;
  }
  return undefined;
}

describe('replaying an incomplete or damaged history', () => {
  it('starts a pruned log from the checkpoint just before it, with the earlier text of unknown origin', () => {
    const cut = 100;
    expect(history.checkpoints.map((c) => c.seq)).toContain(cut);
    const pruned = { ...history, updates: history.updates.slice(cut) };
    const index = buildReplayIndex(pruned);
    expect(index.stepCount).toBe(history.updates.length - cut);
    const reference = referenceStates(history.updates, [cut, cut + 30, history.updates.length]);
    for (const full of [cut, cut + 30, history.updates.length]) {
      const state = index.stateAtStep(full - cut);
      expect(new Map(state.files.map((f) => [f.path, f.text]))).toEqual(reference.get(full)!.files);
    }
    const start = index.fileAtStep(0, 'src/solution.ts')!;
    expect(fileProvenance(start).byOrigin).toEqual({ unknown: start.text.length });
  });

  it('replays a history without updates from its last checkpoint', () => {
    const index = buildReplayIndex({ ...history, updates: [] });
    const last = history.checkpoints.at(-1)!;
    const reference = referenceStates(history.updates, [last.seq]).get(last.seq)!;
    expect(new Map(index.stateAtStep(0).files.map((f) => [f.path, f.text]))).toEqual(
      reference.files,
    );
  });

  it('refuses a log with a gap in its sequence numbers', () => {
    const updates = history.updates.filter((u) => u.seq !== 40);
    expect(codeOf(() => buildReplayIndex({ ...history, updates }))).toBe(
      'REPLAY_HISTORY_INCOMPLETE',
    );
  });

  it('refuses a log that starts late without a checkpoint to start from', () => {
    const pruned = { ...history, updates: history.updates.slice(7) };
    expect(codeOf(() => buildReplayIndex(pruned))).toBe('REPLAY_HISTORY_INCOMPLETE');
  });

  it('names the update Yjs cannot apply', () => {
    const updates = history.updates.map((u) =>
      u.seq === 12 ? { ...u, bytes: new Uint8Array([0xff, 0xff, 0xff, 0xff]) } : u,
    );
    let error: unknown;
    try {
      buildReplayIndex({ ...history, updates });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReplayError);
    expect(error).toMatchObject({
      code: 'REPLAY_UPDATE_INVALID',
      message: expect.stringContaining('update 12'),
    });
  });
});
