import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionHistory } from '../../protocol/history-format.ts';
import { loadTrace } from '../../tests/support/traces.ts';
import { buildReplayIndex, type ReplayOptions } from './build-index.ts';
import { pseudoRandom } from './fixtures/random.ts';
import { referenceStates } from './fixtures/reference.ts';
import { traceToHistory } from './fixtures/trace-session.ts';
import { fileProvenance } from './provenance.ts';
import type { ReplayIndex } from './replay-index.ts';

// A real editing session (sveltecomponent: 18,335 transactions, multi-cursor
// edits and refactorings), one Yjs update per transaction.
let history: SessionHistory;
let endContent: string;

beforeAll(() => {
  const trace = loadTrace('sveltecomponent');
  endContent = trace.endContent;
  history = traceToHistory(trace, { path: 'src/Component.svelte' });
});

const layouts: Array<[string, ReplayOptions]> = [
  ['default snapshots and chunks', {}],
  ['a snapshot every 5 changes and 24-unit chunks', { snapshotEvery: 5, chunkSize: 24 }],
];

describe.each(layouts)('replaying the sveltecomponent trace with %s', (_, options) => {
  let index: ReplayIndex;
  beforeAll(() => {
    index = buildReplayIndex(history, options);
  });

  it('rebuilds the file at random instants exactly as applying the log from the start does', () => {
    const random = pseudoRandom(5);
    const steps = [
      0,
      1,
      2,
      index.stepCount,
      ...Array.from({ length: 60 }, () => Math.floor(random() * (index.stepCount + 1))),
    ];
    const reference = referenceStates(history.updates, steps);
    // Seek in a shuffled order so that both directions and long jumps occur.
    for (const step of steps.sort(() => random() - 0.5)) {
      const state = index.stateAtStep(step);
      const expected = reference.get(step)!;
      expect(new Map(state.files.map((f) => [f.path, f.text])), `step ${step}`).toEqual(
        expected.files,
      );
    }
    expect(index.stateAtStep(index.stepCount).files[0]!.text).toBe(endContent);
  });

  it('gives identical results seeking backwards, forwards and to the same instant', () => {
    const at = (step: number) => {
      const file = index.stateAtStep(step).files[0]!;
      return [file.text, file.originCodes()];
    };
    const middle = Math.floor(index.stepCount / 2);
    const first = at(middle);
    expect(at(index.stepCount - 3)).toEqual(at(index.stepCount - 3));
    expect(at(middle)).toEqual(first); // backwards from near the end
    expect(at(middle)).toEqual(first); // the same instant again
    expect(at(17)).not.toEqual(first);
    expect(at(middle)).toEqual(first); // forwards from near the start
    expect(at(middle + 1)[0]).not.toBe(first[0]);
  });

  it('finds the state at a time as the last update at or before it', () => {
    const random = pseudoRandom(9);
    for (let i = 0; i < 50; i++) {
      const step = 1 + Math.floor(random() * index.stepCount);
      const time = index.timeOfStep(step);
      const found = index.stepAt(time);
      expect(index.timeOfStep(found)).toBe(time);
      expect(found === index.stepCount || index.timeOfStep(found + 1) > time).toBe(true);
      expect(index.stateAt(time).files[0]!.text).toBe(index.stateAtStep(found).files[0]!.text);
    }
    expect(index.stepAt(index.startTime - 1)).toBe(0);
    expect(index.stepAt(index.endTime + 1)).toBe(index.stepCount);
  });

  it('attributes every character of a typed session to typing', () => {
    const file = index.stateAtStep(index.stepCount).files[0]!;
    const provenance = fileProvenance(file);
    expect(provenance.length).toBe(file.text.length);
    expect(provenance.byKind.typed).toBe(file.text.length);
    expect(provenance.runs).toEqual([
      { start: 0, length: file.text.length, origin: 'typed', kind: 'typed' },
    ]);
  });
});
