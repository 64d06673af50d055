import type * as Y from 'yjs';
import type { OriginTagger } from '../../protocol/origin-tagger.ts';
import type { ClientEditOrigin } from '../../protocol/origins.ts';

export type LocalEditOrigin = ClientEditOrigin;

const LOCAL_ORIGINS: readonly LocalEditOrigin[] = ['typed', 'paste', 'ai-paste', 'file-op'];

/** The Yjs transaction origin of one kind of local edit (one object per kind). */
export interface LocalOrigin {
  readonly local: true;
  readonly kind: LocalEditOrigin;
}

/** The part of protocol/origin-tagger.ts' OriginTagger this module uses. */
export type EditTagger = Pick<OriginTagger, 'run'>;

/**
 * The one way this client writes to a Y.Doc: every local transaction goes
 * through `write` (or `run` for code that opens its own transaction, like
 * Y.UndoManager), so each update leaves tagged with its origin. Untagged
 * updates are recorded as `typed` by the server (docs/decisions/005), so
 * typing sends no tag messages; pastes, AI pastes and file operations do.
 */
export class LocalEdits {
  readonly doc: Y.Doc;
  readonly origins: Readonly<Record<LocalEditOrigin, LocalOrigin>>;
  private readonly tagger: EditTagger;

  constructor(doc: Y.Doc, tagger: EditTagger) {
    this.doc = doc;
    this.tagger = tagger;
    this.origins = Object.fromEntries(
      LOCAL_ORIGINS.map((kind) => [kind, Object.freeze({ local: true as const, kind })]),
    ) as Record<LocalEditOrigin, LocalOrigin>;
  }

  /** Runs `change` in one transaction tagged with `origin`. */
  write<T>(origin: LocalEditOrigin, change: () => T): T {
    let result!: T;
    this.run(origin, () =>
      this.doc.transact(() => {
        result = change();
      }, this.origins[origin]),
    );
    return result;
  }

  /** Tags the transactions that `action` opens itself (undo, redo) with `origin`. */
  run<T>(origin: LocalEditOrigin, action: () => T): T {
    return origin === 'typed' ? action() : this.tagger.run(origin, action);
  }

  /** The transaction origins of this client's text edits (what undo tracks). */
  trackedOrigins(): Set<LocalOrigin> {
    return new Set([this.origins.typed, this.origins.paste, this.origins['ai-paste']]);
  }
}

/** True when a transaction origin is one of this client's local edits. */
export function isLocalOrigin(origin: unknown): origin is LocalOrigin {
  return typeof origin === 'object' && origin !== null && (origin as LocalOrigin).local === true;
}
