import * as Y from 'yjs';
import { SESSION_DOC } from '../protocol/documents.ts';

type Root = 'files' | 'folders';

/** Where an item of an update lands: a key of the `files` or `folders` map, or elsewhere. */
interface Slot {
  root: Root | null;
  key: string | null;
}

const ELSEWHERE: Slot = { root: null, key: null };

/** What an update would do to a session document's file and folder keys. */
export interface SessionUpdateEffect {
  /** Keys the update writes in `files` / `folders` (new, re-created or overwritten). */
  writtenKeys: { root: Root; key: string }[];
  /** `files` keys that become live and were not. */
  addedFiles: number;
  /** Live `files` keys the update deletes. */
  removedFiles: number;
  /** A `files` key whose new value is not a Y.Text, if any. */
  nonTextFile: string | null;
}

/**
 * Reads an incoming update against the document it would be applied to,
 * without applying it: decoding is proportional to the update, not to the
 * document. A new map key is encoded with its parent's name and key; a value
 * written over an existing (possibly deleted) key names the previous value as
 * its origin, so the key is looked up in the document or earlier in the update.
 */
export function inspectSessionUpdate(doc: Y.Doc, update: Uint8Array): SessionUpdateEffect {
  const { structs, ds } = Y.decodeUpdate(update);
  const maps: Record<Root, Y.Map<unknown>> = {
    files: doc.getMap(SESSION_DOC.files),
    folders: doc.getMap(SESSION_DOC.folders),
  };
  const seen = new Map<number, Run[]>();
  const written: SessionUpdateEffect['writtenKeys'] = [];
  const added = new Set<string>();
  let nonTextFile: string | null = null;

  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const slot = slotOf(struct, doc, maps, seen);
    const runs = seen.get(struct.id.client) ?? [];
    runs.push({ clock: struct.id.clock, length: struct.length, slot });
    seen.set(struct.id.client, runs);
    if (slot.root === null || slot.key === null) continue;
    if (struct.content instanceof Y.ContentDeleted || Y.isDeleted(ds, struct.id)) continue;
    written.push({ root: slot.root, key: slot.key });
    if (slot.root !== 'files') continue;
    if (!maps.files.has(slot.key)) added.add(slot.key);
    const isText = struct.content instanceof Y.ContentType && struct.content.type instanceof Y.Text;
    if (!isText) nonTextFile ??= slot.key;
  }

  const removed = liveFileKeysDeletedBy(doc, maps.files, ds);
  for (const key of added) removed.delete(key);
  return { writtenKeys: written, addedFiles: added.size, removedFiles: removed.size, nonTextFile };
}

function slotOf(
  item: Y.Item,
  doc: Y.Doc,
  maps: Record<Root, Y.Map<unknown>>,
  seen: Map<number, Run[]>,
): Slot {
  // Decoded items carry their parent only when it cannot be inferred.
  const parent = item.parent as unknown;
  if (typeof parent === 'string') {
    const root = parent === SESSION_DOC.files || parent === SESSION_DOC.folders ? parent : null;
    return { root, key: item.parentSub };
  }
  if (parent !== null) return ELSEWHERE; // a nested type, named by its id
  const ref = item.origin ?? item.rightOrigin;
  if (ref === null) return ELSEWHERE;
  const earlier = findRun(seen.get(ref.client), ref.clock);
  if (earlier) return earlier.slot;
  if (Y.getState(doc.store, ref.client) <= ref.clock) return ELSEWHERE; // Yjs keeps it pending
  const target = Y.getItem(doc.store, ref) as Y.Item | Y.GC;
  if (!(target instanceof Y.Item)) return ELSEWHERE;
  const root =
    target.parent === maps.files ? 'files' : target.parent === maps.folders ? 'folders' : null;
  return root ? { root, key: target.parentSub } : ELSEWHERE;
}

type Run = { clock: number; length: number; slot: Slot };

/** The run holding `clock`; runs of one client arrive in clock order, so bisect. */
function findRun(runs: Run[] | undefined, clock: number): Run | null {
  if (!runs) return null;
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const run = runs[middle]!;
    if (clock < run.clock) high = middle - 1;
    else if (clock >= run.clock + run.length) low = middle + 1;
    else return run;
  }
  return null;
}

/** Keys of `files` whose current value the delete set removes. */
function liveFileKeysDeletedBy(
  doc: Y.Doc,
  files: Y.Map<unknown>,
  ds: ReturnType<typeof Y.decodeUpdate>['ds'],
): Set<string> {
  const removed = new Set<string>();
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    const known = Y.getState(doc.store, client);
    for (const range of ranges) {
      if (range.clock >= known) continue;
      const end = range.clock + range.len;
      for (let i = Y.findIndexSS(structs, range.clock); i < structs.length; i++) {
        const struct = structs[i]!;
        if (struct.id.clock >= end) break;
        if (
          struct instanceof Y.Item &&
          !struct.deleted &&
          struct.parent === files &&
          struct.parentSub !== null &&
          files._map.get(struct.parentSub) === struct
        ) {
          removed.add(struct.parentSub);
        }
      }
    }
  }
  return removed;
}
