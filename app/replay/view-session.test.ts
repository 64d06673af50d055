import { describe, expect, it } from 'vitest';
import { encodeHistory } from '../../protocol/history-format.ts';
import { KNOWN_AI_PASTE, syntheticSession } from './fixtures/synthetic-session.ts';
import { PROVENANCE_KINDS } from './provenance.ts';
import type { FrameRequest } from './view-messages.ts';
import { ReplayViewSession } from './view-session.ts';

const synthetic = syntheticSession();
const session = ReplayViewSession.open(encodeHistory(synthetic.history));
const ask = (request: Partial<FrameRequest> & { step: number }) =>
  session.frame({ path: null, follow: false, have: {}, recentMs: 0, ...request });

/** Characters of a frame's file by provenance kind, from its flat runs. */
function kindOfEach(runs: number[], length: number): string[] {
  const kinds = new Array<string>(length).fill('?');
  for (let i = 0; i < runs.length; i += 3) {
    for (let c = runs[i]!; c < runs[i]! + runs[i + 1]!; c++)
      kinds[c] = PROVENANCE_KINDS[runs[i + 2]!]!;
  }
  return kinds;
}

describe('the replay view’s session', () => {
  it('gives an overview with step times, the timeline and every paste', () => {
    const { overview } = session;
    expect(overview.stepCount).toBe(synthetic.history.updates.length);
    expect(overview.times).toHaveLength(overview.stepCount + 1);
    expect(overview.timeline.events).toHaveLength(synthetic.history.events.length);
    expect(overview.pastes.map((p) => [p.step, p.kind])).toEqual([
      [synthetic.steps.paste, 'paste'],
      [synthetic.steps.aiPaste, 'ai-paste'],
    ]);
    expect(overview.pastes[1]!.chars).toBe(KNOWN_AI_PASTE.length);
    expect(overview.timings.updates).toBe(overview.stepCount);
    expect(overview.firstFileAt).toBe(overview.times[1]);
  });

  it('colours the AI paste as such in the file’s runs, and counts it', () => {
    const frame = ask({ step: synthetic.steps.aiPaste, path: 'src/solution.ts' });
    const file = frame.file!;
    expect(file.path).toBe('src/solution.ts');
    expect(file.language).toBe('typescript');
    const kinds = kindOfEach(file.runs, file.text!.length);
    const at = synthetic.aiPastePosition;
    expect(file.text!.slice(at, at + KNOWN_AI_PASTE.length)).toBe(KNOWN_AI_PASTE);
    expect(new Set(kinds.slice(at, at + KNOWN_AI_PASTE.length))).toEqual(new Set(['ai-paste']));
    const counts = frame.files.find((f) => f.path === 'src/solution.ts')!.counts;
    expect(counts['ai-paste']).toBe(KNOWN_AI_PASTE.length);
    const sum = frame.files.reduce((n, f) => n + f.length, 0);
    expect(Object.values(frame.total).reduce((a, b) => a + b, 0)).toBe(sum);
  });

  it('leaves out a text the view already has', () => {
    const first = ask({ step: synthetic.steps.aiPaste, path: 'src/solution.ts' });
    const again = ask({
      step: synthetic.steps.aiPaste,
      path: 'src/solution.ts',
      have: { 'src/solution.ts': first.file!.version },
    });
    expect(again.file!.version).toBe(first.file!.version);
    expect(again.file!.text).toBeNull();
    const later = ask({
      step: synthetic.steps.aiPaste + 1,
      path: 'src/solution.ts',
      have: { 'src/solution.ts': first.file!.version },
    });
    expect(later.file!.text).not.toBeNull();
  });

  it('highlights what was inserted in the last seconds, and nothing older', () => {
    const frame = ask({
      step: synthetic.steps.aiPaste,
      path: 'src/solution.ts',
      recentMs: 2000,
    });
    expect(frame.file!.recent).toEqual([synthetic.aiPastePosition, KNOWN_AI_PASTE.length]);
    const none = ask({ step: synthetic.steps.aiPaste, path: 'src/solution.ts', recentMs: 0 });
    expect(none.file!.recent).toEqual([]);
    const starter = ask({ step: 1, path: 'src/solution.ts', recentMs: 60_000 });
    expect(starter.file!.text).not.toBe('');
    expect(starter.file!.recent).toEqual([]);
  });

  it('follows the file edited last, and falls back to the one asked for', () => {
    const renamed = ask({ step: synthetic.steps.rename + 3, path: 'README.md', follow: true });
    expect(renamed.file!.path).toBe('test/solution.test.ts');
    const asked = ask({ step: synthetic.steps.rename + 3, path: 'README.md' });
    expect(asked.file!.path).toBe('README.md');
    const gone = ask({ step: synthetic.steps.deleted, path: 'out/result.txt' });
    expect(gone.files.map((f) => f.path)).not.toContain('out/result.txt');
    expect(gone.file!.path).toBe(gone.files[0]!.path);
  });

  it('diffs two instants with what wrote the added text', () => {
    const diff = session.diff(synthetic.steps.paste, synthetic.steps.aiPaste);
    const file = diff.files.find((f) => f.path === 'src/solution.ts')!;
    expect(file.change).toBe('modified');
    expect(file.addedBy['ai-paste']).toBe(KNOWN_AI_PASTE.length);
    expect(file.after.length - file.before.length).toBe(file.added - file.removed);
    const backwards = session.diff(synthetic.steps.aiPaste, synthetic.steps.paste);
    expect(backwards.files.find((f) => f.path === 'src/solution.ts')!.removed).toBe(
      KNOWN_AI_PASTE.length,
    );
  });
});
