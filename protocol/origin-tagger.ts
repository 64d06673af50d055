import { type EditOrigin, encodeOriginMessage } from './origins.ts';

/**
 * What the tagger needs from a HocuspocusProvider (structural, so this module
 * stays free of the provider's and Yjs' imports and safe in the browser).
 */
export interface TaggableProvider {
  sendStateless(payload: string): void;
  /** Present on HocuspocusProvider 4.x; sends updates held back by `flushDelay`. */
  flushPendingUpdates?(): void;
}

/**
 * Tags the edits made through one provider with their origin.
 *
 * ```ts
 * const tagger = new OriginTagger(provider);
 * tagger.run('paste', () => doc.transact(() => text.insert(index, pasted)));
 * ```
 *
 * Untagged edits are recorded as `typed` (as `api` for services), so the
 * editor tags only pastes, AI pastes and file operations. `run` sends the tag
 * as a stateless message before the transaction's update and a reset after it;
 * both travel on the provider's one WebSocket, in order, and the server reads
 * them in the order they were sent (docs/decisions/005-edit-origins.md). The
 * callback must be synchronous: Yjs emits the update inside `transact`.
 */
export class OriginTagger {
  private readonly provider: TaggableProvider;
  private readonly stack: EditOrigin[] = [];

  constructor(provider: TaggableProvider) {
    this.provider = provider;
  }

  /** The origin edits are tagged with right now, or null outside `run`. */
  get current(): EditOrigin | null {
    return this.stack.at(-1) ?? null;
  }

  /** Runs `edit` with its updates tagged `origin`; nested runs restore the outer tag. */
  run<T>(origin: EditOrigin, edit: () => T): T {
    const outer = this.current;
    if (outer !== origin) this.switchTo(origin);
    this.stack.push(origin);
    try {
      return edit();
    } finally {
      this.stack.pop();
      if (outer !== origin) this.switchTo(outer);
    }
  }

  private switchTo(origin: EditOrigin | null): void {
    // Updates batched by `flushDelay` belong to the previous tag: send them first.
    this.provider.flushPendingUpdates?.();
    this.provider.sendStateless(encodeOriginMessage(origin));
  }
}

/**
 * An in-process Hocuspocus direct connection, as the bridge receives it when
 * it runs in the collab-server's process (structural; no server import).
 */
export interface OriginContextConnection<D> {
  context: { origin?: EditOrigin };
  transact(edit: (document: D) => void): Promise<void>;
}

/**
 * Runs one transaction on a direct connection tagged with `origin`. The
 * collab-server reads `context.origin` while the transaction applies;
 * `transact` applies synchronously when called, so the context is restored
 * before anything else can run on this connection.
 */
export async function transactWithOrigin<D>(
  connection: OriginContextConnection<D>,
  origin: EditOrigin,
  edit: (document: D) => void,
): Promise<void> {
  const previous = connection.context.origin;
  connection.context.origin = origin;
  let applied: Promise<void>;
  try {
    applied = connection.transact(edit);
  } finally {
    if (previous === undefined) delete connection.context.origin;
    else connection.context.origin = previous;
  }
  await applied;
}
