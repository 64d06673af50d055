import * as Y from 'yjs';

/**
 * The edits one transaction made to one Y.Text, as splices in the order they
 * apply, found from the transaction's own inserted and deleted items.
 *
 * Why not `YTextEvent.delta`: it walks the text from its first item on every
 * event, so indexing B4 (259,778 updates into a 100 KB text) took 50 s. Here
 * the position of a change is counted from a marker — a character id and the
 * number of visible characters before it, left by the previous change — so
 * a keystroke next to the last one costs a few steps of the item list.
 */

/** A character's Yjs id and how many visible characters precede it. */
export interface TextMarker {
  client: number;
  clock: number;
  left: number;
}

export type Splice = [position: number, remove: number, insert: string];

interface Found {
  item: Y.Item;
  /** Items from the anchor, negative to its left: the document order. */
  distance: number;
  /** Visible characters before the item in the state before the transaction. */
  left: number;
}

/** The splices `transaction` made to `text`, and the marker for the next call. */
export function textSplices(
  text: Y.Text,
  transaction: Y.Transaction,
  marker: TextMarker | null,
): { splices: Splice[]; marker: TextMarker | null } {
  const { beforeState, afterState, deleteSet } = transaction;
  const store = transaction.doc.store;
  const isNew = (item: Y.Item) => item.id.clock >= (beforeState.get(item.id.client) ?? 0);
  const changed = new Set<Y.Item>();
  const removedNow = new Set<Y.Item>();
  Y.iterateDeletedStructs(transaction, deleteSet, (struct) => {
    if (struct instanceof Y.Item && struct.parent === text && !isNew(struct)) {
      changed.add(struct);
      removedNow.add(struct);
    }
  });
  afterState.forEach((after, client) => {
    const before = beforeState.get(client) ?? 0;
    if (after <= before) return;
    const structs = store.clients.get(client)!;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!;
      if (struct.id.clock >= after) break;
      if (
        struct instanceof Y.Item &&
        struct.parent === text &&
        !struct.deleted &&
        struct.countable
      ) {
        changed.add(struct);
      }
    }
  });
  if (changed.size === 0) return { splices: [], marker };

  /** Characters the item showed before the transaction. */
  const oldLength = (item: Y.Item) =>
    item.countable && !isNew(item) && (!item.deleted || removedNow.has(item)) ? item.length : 0;

  let anchor = text._start!;
  let anchorLeft = 0;
  if (marker && marker.clock < Y.getState(store, marker.client)) {
    const item = Y.getItem(store, Y.createID(marker.client, marker.clock));
    if (item instanceof Y.Item && item.parent === text) {
      anchor = item;
      anchorLeft = marker.left - (oldLength(item) > 0 ? marker.clock - item.id.clock : 0);
    }
  }

  // Walk both ways from the anchor until every changed item is found.
  const found: Found[] = [];
  let right: Y.Item | null = anchor;
  let rightDistance = 0;
  let rightLeft = anchorLeft;
  let leftItem: Y.Item | null = anchor.left;
  let leftDistance = -1;
  let leftEnd = anchorLeft;
  while (changed.size > 0) {
    if (right === null && leftItem === null) {
      throw new Error('a changed item is not in its Y.Text');
    }
    if (right !== null) {
      if (changed.delete(right))
        found.push({ item: right, distance: rightDistance, left: rightLeft });
      rightLeft += oldLength(right);
      right = right.right;
      rightDistance++;
    }
    if (leftItem !== null) {
      const left = leftEnd - oldLength(leftItem);
      if (changed.delete(leftItem)) found.push({ item: leftItem, distance: leftDistance, left });
      leftEnd = left;
      leftItem = leftItem.left;
      leftDistance--;
    }
  }
  found.sort((a, b) => a.distance - b.distance);

  // In document order, each change lands after the ones before it.
  const splices: Splice[] = [];
  let shift = 0;
  for (const { item, left } of found) {
    const position = left + shift;
    const last = splices.at(-1);
    if (removedNow.has(item)) {
      if (!item.countable) continue;
      if (last && last[2] === '' && last[0] === position) last[1] += item.length;
      else splices.push([position, item.length, '']);
      shift -= item.length;
    } else {
      // Embeds count as one character in Yjs positions; Monaco never makes them.
      const insert =
        item.content instanceof Y.ContentString ? item.content.str : '\uFFFC'.repeat(item.length);
      if (last && last[1] === 0 && last[0] + last[2].length === position) last[2] += insert;
      else splices.push([position, 0, insert]);
      shift += item.length;
    }
  }
  const first = found[0]!;
  return {
    splices,
    marker: { client: first.item.id.client, clock: first.item.id.clock, left: first.left },
  };
}
