import { beforeAll, describe, expect, it } from 'vitest';
import { buildReplayIndex, type ReplayOptions } from './build-index.ts';
import { pseudoRandom } from './fixtures/random.ts';
import { referenceStates } from './fixtures/reference.ts';
import {
  KNOWN_AI_PASTE,
  KNOWN_PASTE,
  type SyntheticSession,
  syntheticSession,
} from './fixtures/synthetic-session.ts';
import { fileProvenance, finalProvenance, kindShares, sessionProvenance } from './provenance.ts';
import type { FileState, ReplayIndex } from './replay-index.ts';

let session: SyntheticSession;
beforeAll(() => {
  session = syntheticSession();
});

/** Origin names of each character of a file. */
const originsOf = (file: FileState) =>
  Array.from(file.originCodes(), (c) => file.originNames[c.charCodeAt(0)]!);

const layouts: Array<[string, ReplayOptions]> = [
  ['default snapshots and chunks', {}],
  ['a snapshot every 3 changes and 16-unit chunks', { snapshotEvery: 3, chunkSize: 16 }],
];

describe.each(layouts)('replaying a multi-file session with %s', (_, options) => {
  let index: ReplayIndex;
  beforeAll(() => {
    index = buildReplayIndex(session.history, options);
  });

  it('rebuilds files, folders and meta at every instant exactly as applying the log from the start does', () => {
    const steps = Array.from({ length: index.stepCount + 1 }, (_, i) => i);
    const reference = referenceStates(session.history.updates, steps);
    const random = pseudoRandom(2);
    for (const step of steps.sort(() => random() - 0.5)) {
      const state = index.stateAtStep(step);
      const expected = reference.get(step)!;
      expect(new Map(state.files.map((f) => [f.path, f.text])), `step ${step}`).toEqual(
        expected.files,
      );
      expect(state.folders, `folders at ${step}`).toEqual(expected.folders);
      expect(state.meta, `meta at ${step}`).toEqual(expected.meta);
    }
  });

  it('attributes each character to the update that wrote it, as Yjs item ids say, in origin codes and in runs', () => {
    const steps = Array.from({ length: index.stepCount + 1 }, (_, i) => i);
    const reference = referenceStates(session.history.updates, steps);
    for (const step of steps) {
      for (const file of index.stateAtStep(step).files) {
        // A rename moves characters: checked in its own test.
        if (file.renamedFrom) continue;
        const expected = reference.get(step)!.origins.get(file.path);
        expect(originsOf(file), `${file.path} at ${step}`).toEqual(expected);
        const fromRuns = fileProvenance(file).runs.flatMap((run) =>
          Array(run.length).fill(run.origin),
        );
        expect(fromRuns, `runs of ${file.path} at ${step}`).toEqual(expected);
      }
    }
  });

  it('has provenance shares that add up to each file length and to the session total', () => {
    for (const step of [0, session.steps.paste, session.steps.rename, index.stepCount]) {
      const state = index.stateAtStep(step);
      const provenance = sessionProvenance(state);
      for (const [i, file] of provenance.files.entries()) {
        const length = state.files[i]!.text.length;
        expect(file.length).toBe(length);
        expect(Object.values(file.byOrigin).reduce((a, b) => a + b, 0)).toBe(length);
        expect(Object.values(file.byKind).reduce((a, b) => a + b, 0)).toBe(length);
        expect(file.runs.reduce((sum, run) => sum + run.length, 0)).toBe(length);
      }
      const total = state.files.reduce((sum, f) => sum + f.text.length, 0);
      expect(provenance.total.length).toBe(total);
    }
  });

  it('gives the report the final AI share, matching the characters Yjs says the AI paste wrote', () => {
    const final = finalProvenance(index);
    const reference = referenceStates(session.history.updates, [index.stepCount]).get(
      index.stepCount,
    )!;
    const fromYjs = [...reference.origins.values()].flat().filter((o) => o === 'ai-paste').length;
    expect(final.aiPasteChars).toBe(fromYjs);
    expect(final.aiPasteChars).toBeGreaterThan(0);
    expect(final.finalChars).toBe([...reference.files.values()].join('').length);
    expect(final.aiReliance).toBeCloseTo(final.aiPasteChars / final.finalChars);
    const shares = kindShares(final.total);
    expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('colours a paste and an AI paste as such, where they landed', () => {
    const pasted = fileProvenance(index.fileAtStep(session.steps.paste, 'src/solution.ts')!);
    const run = pasted.runs.find((r) => r.kind === 'paste')!;
    expect(run).toMatchObject({
      start: session.pastePosition,
      length: KNOWN_PASTE.length,
      origin: 'paste',
    });
    const file = index.fileAtStep(session.steps.aiPaste, 'src/solution.ts')!;
    const ai = fileProvenance(file).runs.find((r) => r.kind === 'ai-paste')!;
    expect(ai).toMatchObject({ start: session.aiPastePosition, length: KNOWN_AI_PASTE.length });
    expect(file.text.slice(ai.start, ai.start + ai.length)).toBe(KNOWN_AI_PASTE);
    expect(fileProvenance(file).byOrigin['ai-paste']).toBe(KNOWN_AI_PASTE.length);
    expect(fileProvenance(file).byOrigin.paste).toBe(KNOWN_PASTE.length);
  });

  it('lets a renamed file keep the origins of its characters', () => {
    const { rename } = session.steps;
    const before = index.fileAtStep(rename - 1, 'src/solution.test.ts')!;
    const after = index.fileAtStep(rename, 'test/solution.test.ts')!;
    expect(index.fileAtStep(rename, 'src/solution.test.ts')).toBeNull();
    expect(index.fileAtStep(rename - 1, 'test/solution.test.ts')).toBeNull();
    expect(after.renamedFrom).toBe('src/solution.test.ts');
    expect(after.text).toBe(before.text);
    expect(originsOf(after)).toEqual(originsOf(before));
    expect(new Set(originsOf(after))).toEqual(new Set(['seed']));
    expect(index.stepInfo(rename)).toMatchObject({
      origin: 'file-op',
      paths: ['src/solution.test.ts', 'test/solution.test.ts'],
    });
  });

  it('removes a deleted file and shows a file created again at its path with its new text', () => {
    const { deleted, recreated } = session.steps;
    expect(index.fileAtStep(deleted - 1, 'out/result.txt')!.text).toBe('result: [0, 1]\n');
    expect(index.fileAtStep(deleted, 'out/result.txt')).toBeNull();
    expect(index.fileAtStep(recreated - 1, 'out/result.txt')).toBeNull();
    const again = index.fileAtStep(recreated, 'out/result.txt')!;
    expect(again.text).toBe('result: [2, 7]\n');
    expect(fileProvenance(again).byKind.tool).toBe(again.text.length);
  });

  it('attributes a file a tool overwrote to the tool', () => {
    const readme = index.fileAtStep(session.steps.overwrite, 'README.md')!;
    expect(readme.text).toBe('# Two Sum (rewritten)\n');
    expect(fileProvenance(readme).byOrigin).toEqual({ tool: readme.text.length });
  });

  it('reports who sent each update', () => {
    expect(index.stepInfo(1)).toMatchObject({
      seq: 1,
      origin: 'seed',
      senderRole: 'service',
      senderId: 'initializer',
      clientId: 100,
    });
    expect(index.stepInfo(session.steps.aiPaste)).toMatchObject({
      origin: 'ai-paste',
      senderRole: 'candidate',
      inserted: KNOWN_AI_PASTE.length,
      removed: 0,
      paths: ['src/solution.ts'],
    });
  });
});
