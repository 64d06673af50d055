import { loadTrace } from '../../tests/support/traces.ts';

/** One keystroke of the trace: patches applied in order in one transaction. */
export type Keystroke = Array<[position: number, deleteCount: number, insert: string]>;

export interface TypingScript {
  /** The file's content where this candidate starts (pasted during warm-up). */
  start: string;
  /** The keystrokes that follow, in order. */
  keystrokes: Keystroke[];
}

/**
 * Cuts the `sveltecomponent` trace (a Svelte component written in VS Code)
 * into per-candidate scripts starting at different points, so sessions do
 * not all type the same characters in lockstep.
 */
export function typingScripts(count: number, keystrokesEach: number): TypingScript[] {
  const trace = loadTrace('sveltecomponent');
  const total = trace.txns.length;
  const starts = Array.from(
    { length: count },
    (_, i) => 1 + ((i * 97) % Math.max(1, total - keystrokesEach - 1)),
  );
  const wanted = new Set(starts);
  const snapshots = new Map<number, string>();
  let content = [...trace.startContent];
  for (let i = 0; i < total; i++) {
    if (wanted.has(i)) snapshots.set(i, content.join(''));
    for (const [position, deleteCount, insert] of trace.txns[i]!.patches) {
      content.splice(position, deleteCount, ...insert);
    }
  }
  if (wanted.has(total)) snapshots.set(total, content.join(''));
  content = [];
  return starts.map((start) => ({
    start: snapshots.get(start) ?? '',
    keystrokes: trace.txns.slice(start, start + keystrokesEach).map((txn) => txn.patches),
  }));
}
