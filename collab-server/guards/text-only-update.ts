import * as Y from 'yjs';

type ID = { client: number; clock: number };
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** Chains of items in one update longer than this are judged on a copy instead. */
const MAX_CHAIN = 256;

/**
 * The fast path of the update judge: when an update provably only inserts
 * plain text into, or deletes text from, Y.Text values the document already
 * has, returns how many characters it adds to each; otherwise null, and the
 * caller applies the update to a copy of the document to see what it does.
 *
 * "Provably" means every struct is an item whose place is known without
 * integrating anything: its origin, right origin and parent are in the
 * document or in this update (in any order: Yjs encodes higher client ids
 * first, so an item may name one that comes later), all of them land in the
 * same existing Y.Text and never on a map key, its clock continues its
 * client's state exactly (nothing pending, nothing already known), and the
 * delete set removes only text of such texts. Typing and deleting in the
 * editor always pass; anything else (a file created, renamed or deleted, a
 * crafted update, a gap) goes to the copy.
 */
export function textOnlyGrowth(doc: Y.Doc, update: Uint8Array): Map<Y.Text, number> | null {
  return textOnlyEdit(doc, update)?.growth ?? null;
}

/**
 * Plain typing, as `textOnlyGrowth` judges it, with the texts it touches:
 * the characters it adds per text and the existing texts it deletes from.
 * The message checks decode each update once and hand this to every check
 * that asks (the session's shape, locked folders). Throws on an undecodable
 * update.
 */
export interface TextOnlyEdit {
  growth: Map<Y.Text, number>;
  deletedFrom: Set<Y.Text>;
}

export function textOnlyEdit(doc: Y.Doc, update: Uint8Array): TextOnlyEdit | null {
  const store = doc.store;
  if (store.pendingStructs !== null || store.pendingDs !== null) return null;
  const { structs, ds } = Y.decodeUpdate(update);
  const fresh = new Map<number, Y.Item[]>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) return null; // GC or Skip
    const { client, clock } = struct.id;
    const run = fresh.get(client);
    const last = run?.at(-1);
    const expected = last ? last.id.clock + last.length : Y.getState(store, client);
    if (clock !== expected) return null;
    if (run) run.push(struct);
    else fresh.set(client, [struct]);
  }
  const resolver = new TextResolver(store, fresh);
  const growth = new Map<Y.Text, number>();
  for (const item of structs as Y.Item[]) {
    const text = resolver.textOfFresh(item, 0);
    if (!text) return null;
    if (item.content instanceof Y.ContentString) {
      growth.set(text, (growth.get(text) ?? 0) + item.content.getLength());
    } else if (!(item.content instanceof Y.ContentDeleted)) {
      return null;
    }
  }
  const deletedFrom = new Set<Y.Text>();
  return deletesOnlyText(store, ds, fresh, deletedFrom) ? { growth, deletedFrom } : null;
}

class TextResolver {
  private readonly memo = new Map<Y.Item, Y.Text | null>();
  private readonly store: Y.Doc['store'];
  private readonly fresh: Map<number, Y.Item[]>;

  constructor(store: Y.Doc['store'], fresh: Map<number, Y.Item[]>) {
    this.store = store;
    this.fresh = fresh;
  }

  /** The existing Y.Text an item of the update lands in, or null when unsure. */
  textOfFresh(item: Y.Item, depth: number): Y.Text | null {
    const known = this.memo.get(item);
    if (known !== undefined) return known;
    if (depth > MAX_CHAIN) return null;
    this.memo.set(item, null); // a cycle resolves to "unsure"
    const text = this.resolveFresh(item, depth);
    this.memo.set(item, text);
    return text;
  }

  private resolveFresh(item: Y.Item, depth: number): Y.Text | null {
    if (item.parentSub !== null) return null; // a map key
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return null; // a root type
    const candidates: (Y.Text | null)[] = [];
    if (parent !== null) candidates.push(this.textType(parent as ID));
    if (item.origin) candidates.push(this.textAt(item.origin, depth));
    if (item.rightOrigin) candidates.push(this.textAt(item.rightOrigin, depth));
    const first = candidates[0] ?? null;
    return first && candidates.every((text) => text === first) ? first : null;
  }

  /** The Y.Text holding the item with this id (in the document or the update). */
  private textAt(id: ID, depth: number): Y.Text | null {
    const item = this.freshItem(id);
    if (item) return this.textOfFresh(item, depth + 1);
    if (id.clock >= Y.getState(this.store, id.client)) return null; // missing: Yjs would wait
    const struct = Y.getItem(this.store, id as Y.ID) as Y.Item | Y.GC;
    if (!(struct instanceof Y.Item) || struct.parentSub !== null) return null;
    return struct.parent instanceof Y.Text ? struct.parent : null;
  }

  /** The Y.Text whose own item has this id, when the document already has it. */
  private textType(id: ID): Y.Text | null {
    if (this.freshItem(id)) return null; // a type created by this update
    if (id.clock >= Y.getState(this.store, id.client)) return null;
    const struct = Y.getItem(this.store, id as Y.ID) as Y.Item | Y.GC;
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return null;
    const type = struct.content.type;
    return type instanceof Y.Text ? type : null;
  }

  private freshItem(id: ID): Y.Item | null {
    const run = this.fresh.get(id.client);
    if (!run) return null;
    let low = 0;
    let high = run.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const item = run[middle]!;
      if (id.clock < item.id.clock) high = middle - 1;
      else if (id.clock >= item.id.clock + item.length) low = middle + 1;
      else return item;
    }
    return null;
  }
}

/**
 * Whether the delete set removes only text: of existing Y.Texts (added to
 * `deletedFrom`), or of the update's own items.
 */
function deletesOnlyText(
  store: Y.Doc['store'],
  ds: DeleteSet,
  fresh: Map<number, Y.Item[]>,
  deletedFrom: Set<Y.Text>,
): boolean {
  for (const [client, ranges] of ds.clients) {
    const known = Y.getState(store, client);
    const run = fresh.get(client);
    const freshEnd = run ? run.at(-1)!.id.clock + run.at(-1)!.length : known;
    const structs = store.clients.get(client);
    for (const range of ranges) {
      const end = range.clock + range.len;
      if (end > freshEnd) return false; // deletes something nobody has yet
      if (range.clock >= known || !structs) continue; // only the update's own (text) items
      const stop = Math.min(end, known);
      for (let i = Y.findIndexSS(structs, range.clock); i < structs.length; i++) {
        const struct = structs[i]!;
        if (struct.id.clock >= stop) break;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        if (struct.parentSub !== null || !(struct.parent instanceof Y.Text)) return false;
        deletedFrom.add(struct.parent);
      }
    }
  }
  return true;
}
