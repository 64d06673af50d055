import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { textOnlyGrowth } from '../../collab-server/guards/text-only-update.ts';
import { typingScripts } from './trace-typist.ts';

export interface ValidationCost {
  /** Document size the keystrokes were checked against (bytes, encoded). */
  documentBytes: number;
  /** Mean microseconds to check one keystroke update by decoding it (what the server does). */
  decodeMicros: number;
  /** Keystrokes the decoding could not prove to be plain typing (judged on a copy instead). */
  copied: number;
  /** Mean microseconds to check it by applying it to a clone of the document instead. */
  cloneMicros: number;
}

/**
 * What the limits check costs per keystroke: decoding the update against the
 * live document (guards/text-only-update.ts) versus the obvious alternative,
 * applying it to a scratch copy of the document and looking at the result.
 */
export function measureValidationCost(keystrokes = 2000): ValidationCost {
  const [script] = typingScripts(1, keystrokes);
  const doc = new Y.Doc();
  const files = doc.getMap<Y.Text>('files');
  files.set('App.svelte', new Y.Text(script!.start));
  const base = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = files.get('App.svelte')!;
  for (const keystroke of script!.keystrokes) {
    doc.transact(() => {
      for (const [position, deleteCount, insert] of keystroke) {
        const at = Math.min(position, text.length);
        if (deleteCount > 0) text.delete(at, Math.min(deleteCount, text.length - at));
        if (insert) text.insert(at, insert);
      }
    });
  }
  // Replay as the server sees it: check each update, then apply it.
  const target = new Y.Doc();
  Y.applyUpdate(target, base);
  let checking = 0;
  let copied = 0;
  for (const update of updates) {
    const started = performance.now();
    if (textOnlyGrowth(target, update) === null) copied += 1;
    checking += performance.now() - started;
    Y.applyUpdate(target, update);
  }
  const decodeMicros = (checking * 1000) / updates.length;
  const documentBytes = Y.encodeStateAsUpdate(target).byteLength;

  const sample = updates.slice(-200);
  const started = performance.now();
  for (const update of sample) {
    const clone = new Y.Doc();
    Y.applyUpdate(clone, Y.encodeStateAsUpdate(target));
    Y.applyUpdate(clone, update);
    clone.destroy();
  }
  const cloneMicros = ((performance.now() - started) * 1000) / sample.length;
  return { documentBytes, decodeMicros, copied, cloneMicros };
}
