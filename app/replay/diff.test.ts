import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { loadTrace } from '../../tests/support/traces.ts';
import { buildReplayIndex } from './build-index.ts';
import { type DiffHunk, diffSteps, diffTimes, type SessionDiff } from './diff.ts';
import { pseudoRandom } from './fixtures/random.ts';
import { SessionRecorder } from './fixtures/session-recorder.ts';
import {
  KNOWN_AI_PASTE,
  type SyntheticSession,
  syntheticSession,
} from './fixtures/synthetic-session.ts';
import { traceToHistory } from './fixtures/trace-session.ts';
import type { ReplayIndex } from './replay-index.ts';

/** Applies hunks (in order, offsets in the text before) to a text. */
function applyHunks(before: string, hunks: DiffHunk[]): string {
  let out = '';
  let at = 0;
  for (const hunk of hunks) {
    expect(hunk.beforeOffset).toBeGreaterThanOrEqual(at);
    out += before.slice(at, hunk.beforeOffset) + hunk.added;
    at = hunk.beforeOffset + hunk.removed.length;
  }
  return out + before.slice(at);
}

/** Every reported file goes from its text at `from` to its text at `to`; the rest did not change. */
function expectDiffIsExact(index: ReplayIndex, diff: SessionDiff) {
  const before = new Map(index.stateAtStep(diff.fromStep).files.map((f) => [f.path, f.text]));
  const after = new Map(index.stateAtStep(diff.toStep).files.map((f) => [f.path, f.text]));
  for (const file of diff.files) {
    if (file.change !== 'added')
      expect(file.before).toBe(before.get(file.previousPath ?? file.path));
    if (file.change !== 'deleted') expect(file.after).toBe(after.get(file.path));
    expect(applyHunks(file.before, file.hunks), file.path).toBe(file.after);
    for (const hunk of file.hunks) {
      expect(file.before.slice(hunk.beforeOffset, hunk.beforeOffset + hunk.removed.length)).toBe(
        hunk.removed,
      );
      expect(file.after.slice(hunk.afterOffset, hunk.afterOffset + hunk.added.length)).toBe(
        hunk.added,
      );
      expect(file.before.slice(0, hunk.beforeOffset).split('\n').length - 1).toBe(hunk.beforeLine);
      expect(file.after.slice(0, hunk.afterOffset).split('\n').length - 1).toBe(hunk.afterLine);
      expect(Object.values(hunk.addedBy).reduce((a, b) => a + b, 0)).toBe(hunk.added.length);
    }
  }
  const reported = new Set(diff.files.flatMap((f) => [f.path, f.previousPath ?? f.path]));
  for (const [path, text] of after) if (!reported.has(path)) expect(before.get(path)).toBe(text);
  for (const [path, text] of before) if (!reported.has(path)) expect(after.get(path)).toBe(text);
}

describe('the diff between two instants', () => {
  let session: SyntheticSession;
  let index: ReplayIndex;
  beforeAll(() => {
    session = syntheticSession();
    index = buildReplayIndex(session.history, { snapshotEvery: 4, chunkSize: 32 });
  });

  it('turns each file at the first instant into the file at the second, for random pairs in both orders', () => {
    const random = pseudoRandom(4);
    for (let i = 0; i < 150; i++) {
      const a = Math.floor(random() * (index.stepCount + 1));
      const b = Math.floor(random() * (index.stepCount + 1));
      expectDiffIsExact(index, diffSteps(index, a, b));
    }
  });

  it('shows an AI paste as one added hunk written by the AI', () => {
    const { aiPaste } = session.steps;
    const diff = diffSteps(index, aiPaste - 1, aiPaste);
    expect(diff.files).toHaveLength(1);
    expect(diff.files[0]).toMatchObject({ change: 'modified', path: 'src/solution.ts' });
    expect(diff.files[0]!.hunks).toEqual([
      expect.objectContaining({
        removed: '',
        added: KNOWN_AI_PASTE,
        addedBy: { 'ai-paste': KNOWN_AI_PASTE.length },
      }),
    ]);
  });

  it('reports renames, deletions, re-creations and new files by what happened to them', () => {
    const { rename, deleted, recreated, overwrite } = session.steps;
    expect(diffSteps(index, rename - 1, rename).files).toEqual([
      expect.objectContaining({
        change: 'renamed',
        path: 'test/solution.test.ts',
        previousPath: 'src/solution.test.ts',
        hunks: [],
      }),
    ]);
    expect(diffSteps(index, rename, rename - 1).files).toEqual([
      expect.objectContaining({
        change: 'renamed',
        path: 'src/solution.test.ts',
        previousPath: 'test/solution.test.ts',
      }),
    ]);
    expect(diffSteps(index, deleted - 1, deleted).files).toEqual([
      expect.objectContaining({ change: 'deleted', path: 'out/result.txt', after: '' }),
    ]);
    expect(diffSteps(index, deleted - 1, recreated).files).toEqual([
      expect.objectContaining({
        change: 'modified',
        path: 'out/result.txt',
        before: 'result: [0, 1]\n',
        after: 'result: [2, 7]\n',
      }),
    ]);
    expect(diffSteps(index, overwrite - 1, overwrite).files[0]).toMatchObject({
      change: 'modified',
      path: 'README.md',
    });
    const fromStart = diffSteps(index, 0, index.stepCount);
    expect(fromStart.files.every((f) => f.change === 'added')).toBe(true);
    expect(diffSteps(index, 5, 5).files).toEqual([]);
  });

  it('leaves out text typed and deleted again in between', () => {
    const rec = new SessionRecorder('typo', Date.UTC(2026, 10, 28));
    const cand = rec.client('candidate', 'c', 1);
    cand.edit('seed', (doc) =>
      doc.getMap(SESSION_DOC.files).set('a.ts', new Y.Text('const x = 1;\n')),
    );
    cand.deliver();
    const text = () => cand.doc.getMap<Y.Text>(SESSION_DOC.files).get('a.ts')!;
    for (const ch of 'oops') {
      rec.tick(100);
      cand.edit('typed', () => text().insert(text().length, ch));
      cand.deliver();
    }
    rec.tick(100);
    cand.edit('typed', () => text().delete(text().length - 4, 4));
    cand.deliver();
    const typo = buildReplayIndex(rec.history());
    expect(diffSteps(typo, 1, typo.stepCount).files).toEqual([]);
    expect(diffTimes(typo, typo.timeOfStep(1), typo.timeOfStep(3)).files[0]!.hunks).toEqual([
      expect.objectContaining({ afterOffset: 13, added: 'oo', addedBy: { typed: 2 } }),
    ]);
  });

  it('is exact over long ranges of a real editing trace', () => {
    const trace = buildReplayIndex(traceToHistory(loadTrace('sveltecomponent'), { limit: 6000 }));
    const random = pseudoRandom(8);
    for (let i = 0; i < 12; i++) {
      const a = Math.floor(random() * (trace.stepCount + 1));
      const b = Math.floor(random() * (trace.stepCount + 1));
      expectDiffIsExact(trace, diffSteps(trace, a, b));
    }
  });
});
