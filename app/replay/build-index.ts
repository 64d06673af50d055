import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import type { HistoryCheckpoint, SessionHistory } from '../../protocol/history-format.ts';
import { ChunkedText, DEFAULT_CHUNK_SIZE } from './chunked-text.ts';
import { ReplayError } from './errors.ts';
import { FileTrack } from './file-track.ts';
import { ReplayIndex, type ReplayIndexParts } from './replay-index.ts';
import { type TextMarker, textSplices } from './text-splices.ts';

/**
 * Builds the replay index in one pass over the update log: every update is
 * applied once to a Y.Doc while observers turn its effect on the `files` map
 * into file tracks (create, rename, delete) and per-file invertible splices
 * tagged with the update's origin. Yjs is not needed afterwards.
 * See docs/decisions/007-replay-engine.md for why and for the numbers.
 */

export interface ReplayOptions {
  /** A file snapshot every this many changes of that file (default 64). */
  snapshotEvery?: number;
  /** Largest text chunk in UTF-16 units (default 512). */
  chunkSize?: number;
}

export const DEFAULT_SNAPSHOT_EVERY = 64;
/** Origin of text that was already in the checkpoint a pruned log starts from. */
export const UNKNOWN_ORIGIN = 'unknown';

/** Loads a session history into a replay index; throws ReplayError. */
export function buildReplayIndex(
  history: SessionHistory,
  options: ReplayOptions = {},
): ReplayIndex {
  const build = new IndexBuild(history, options);
  return new ReplayIndex(build.run());
}

class IndexBuild {
  private readonly history: SessionHistory;
  private readonly snapshotEvery: number;
  private readonly chunkSize: number;
  private readonly doc = new Y.Doc();
  private readonly files: Y.Map<unknown>;
  private readonly parts: ReplayIndexParts;
  private readonly originCodes = new Map<string, number>();
  private readonly senderIndexes = new Map<string, number>();
  private readonly trackByPath = new Map<string, FileTrack>();
  private readonly trackByText = new Map<Y.Text, FileTrack>();
  private readonly markers = new Map<Y.Text, TextMarker>();
  /** The step being built (1-based) and the origin code of its update. */
  private step = 0;
  private code = 0;
  private observerError: unknown = null;
  private lastSender = -1;

  constructor(history: SessionHistory, options: ReplayOptions) {
    this.history = history;
    this.snapshotEvery = Math.max(1, options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY);
    this.chunkSize = Math.max(16, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
    this.files = this.doc.getMap(SESSION_DOC.files);
    const n = history.updates.length;
    this.parts = {
      meta: history.meta,
      origins: [],
      times: new Float64Array(n + 1),
      seqs: new Float64Array(n),
      stepOrigins: new Uint16Array(n),
      stepSenders: new Uint32Array(n),
      senders: [],
      clientIds: new Float64Array(n),
      inserted: new Uint32Array(n),
      removed: new Uint32Array(n),
      tracks: [],
      folders: [],
      metaVersions: [],
    };
  }

  run(): ReplayIndexParts {
    const { updates } = this.history;
    const base = this.baseCheckpoint();
    if (base) {
      // Who wrote the checkpoint's text is in the pruned part of the log.
      this.apply(base.state, `checkpoint ${base.seq}`);
      this.code = this.originCode(UNKNOWN_ORIGIN);
      for (const [path, value] of this.files) {
        if (value instanceof Y.Text) this.createTrack(path, value, null);
      }
    }
    this.observe();
    const p = this.parts;
    p.times[0] = this.startTime(base);
    for (let i = 0; i < updates.length; i++) {
      const update = updates[i]!;
      this.step = i + 1;
      this.code = this.originCode(update.origin);
      p.seqs[i] = update.seq;
      p.times[i + 1] = Math.max(p.times[i]!, update.at);
      p.stepOrigins[i] = this.code;
      p.stepSenders[i] = this.senderIndex(update.senderRole, update.senderId);
      p.clientIds[i] = update.clientId ?? Number.NaN;
      this.apply(update.bytes, `update ${update.seq}`);
    }
    for (const track of p.tracks) track.seal();
    this.doc.destroy();
    return p;
  }

  /** The checkpoint a pruned log starts from; the log must be gapless after it. */
  private baseCheckpoint(): HistoryCheckpoint | null {
    const { updates, checkpoints, meta } = this.history;
    const first = updates[0]?.seq ?? 1;
    updates.forEach((update, i) => {
      if (update.seq !== first + i) {
        throw new ReplayError(
          'REPLAY_HISTORY_INCOMPLETE',
          `The update log of ${meta.documentName} jumps from seq ${first + i - 1} to ${update.seq}.`,
        );
      }
    });
    if (updates.length === 0) return checkpoints.at(-1) ?? null;
    if (first === 1) return null;
    const base = checkpoints.find((c) => c.seq === first - 1);
    if (!base) {
      throw new ReplayError(
        'REPLAY_HISTORY_INCOMPLETE',
        `The update log of ${meta.documentName} starts at seq ${first} and no checkpoint has seq ${first - 1}.`,
      );
    }
    return base;
  }

  private startTime(base: HistoryCheckpoint | null): number {
    const { meta, updates, events } = this.history;
    const candidates = [meta.startedAt, base?.at, updates[0]?.at, events[0]?.at].filter(
      (t): t is number => typeof t === 'number',
    );
    return candidates.length > 0 ? Math.min(...candidates) : 0;
  }

  private apply(bytes: Uint8Array, what: string): void {
    try {
      Y.applyUpdate(this.doc, bytes);
    } catch (error) {
      if (this.observerError) throw this.observerError;
      throw new ReplayError(
        'REPLAY_UPDATE_INVALID',
        `Yjs cannot apply ${what} of ${this.history.meta.documentName}: ${String(error)}`,
        { cause: error },
      );
    }
    if (this.observerError) throw this.observerError;
  }

  private observe(): void {
    const folders = this.doc.getMap(SESSION_DOC.folders);
    const meta = this.doc.getMap(SESSION_DOC.meta);
    const record = <T>(list: Array<{ step: number; value: T }>, value: T) => {
      if (list.at(-1)?.step === this.step) list.pop();
      list.push({ step: this.step, value });
    };
    const folderList = () => [...folders.keys()].sort();
    record(this.parts.folders, folderList());
    record(this.parts.metaVersions, meta.toJSON());
    folders.observe(() => record(this.parts.folders, folderList()));
    meta.observeDeep(() => record(this.parts.metaVersions, meta.toJSON()));
    this.files.observeDeep((events) => {
      try {
        // Map events first: a rename must end the old track before text events run.
        for (const event of events) {
          if (event.target === this.files) this.onFilesChanged(event as Y.YMapEvent<unknown>);
        }
        for (const event of events) {
          if (event.target instanceof Y.Text) this.onTextChanged(event as Y.YTextEvent);
        }
      } catch (error) {
        this.observerError ??= error;
      }
    });
  }

  /**
   * Keys added, replaced or deleted in one update. A file added with exactly
   * the text of a file removed in the same update is a rename: the new track
   * inherits the old one's characters and their origins.
   */
  private onFilesChanged(event: Y.YMapEvent<unknown>): void {
    const removed: FileTrack[] = [];
    const added: Array<[string, Y.Text]> = [];
    for (const [path, change] of event.changes.keys) {
      const old = this.trackByPath.get(path);
      if (change.action !== 'add' && old) removed.push(old);
      const value = this.files.get(path);
      if (change.action !== 'delete' && value instanceof Y.Text) added.push([path, value]);
    }
    for (const track of removed) {
      track.deletedStep = this.step;
      this.trackByPath.delete(track.path);
      for (const [text, owner] of this.trackByText)
        if (owner === track) this.trackByText.delete(text);
    }
    const unmatched = new Set(removed);
    for (const [path, value] of added) {
      const content = textOf(value);
      let from: FileTrack | null = null;
      for (const candidate of unmatched) {
        const live = candidate.liveText();
        if (live.length === content.length && live.text() === content) {
          from = candidate;
          break;
        }
      }
      if (from) unmatched.delete(from);
      else this.count('inserted', content.length);
      this.createTrack(path, value, from, content);
    }
    for (const track of unmatched) this.count('removed', track.liveText().length);
    for (const track of removed) track.seal();
  }

  private onTextChanged(event: Y.YTextEvent): void {
    const text = event.target;
    const track = this.trackByText.get(text);
    if (!track) return;
    const { splices, marker } = textSplices(
      text,
      event.transaction,
      this.markers.get(text) ?? null,
    );
    if (marker) this.markers.set(text, marker);
    for (const [, remove, insert] of splices) {
      this.count('removed', remove);
      this.count('inserted', insert.length);
    }
    if (splices.length > 0) track.recordChange(this.step, splices, this.code);
  }

  private createTrack(
    path: string,
    value: Y.Text,
    from: FileTrack | null,
    content = textOf(value),
  ) {
    const initial = from
      ? new ChunkedText(from.liveText().snapshot(), this.chunkSize)
      : ChunkedText.from(content, this.code, this.chunkSize);
    const track = new FileTrack({
      id: this.parts.tracks.length,
      path,
      createdStep: this.step,
      initial,
      renamedFrom: from,
      snapshotEvery: this.snapshotEvery,
      chunkSize: this.chunkSize,
    });
    if (from) from.renamedTo = track;
    this.parts.tracks.push(track);
    this.trackByPath.set(path, track);
    this.trackByText.set(value, track);
  }

  private count(what: 'inserted' | 'removed', chars: number): void {
    if (this.step > 0) this.parts[what][this.step - 1]! += chars;
  }

  private originCode(origin: string): number {
    let code = this.originCodes.get(origin);
    if (code === undefined) {
      code = this.parts.origins.length;
      this.originCodes.set(origin, code);
      this.parts.origins.push(origin);
    }
    return code;
  }

  private senderIndex(role: string, id: string): number {
    // Runs of updates come from one sender; skip building the key for them.
    const last = this.parts.senders[this.lastSender];
    if (last && last.role === role && last.id === id) return this.lastSender;
    const key = `${role}\u0000${id}`;
    let index = this.senderIndexes.get(key);
    if (index === undefined) {
      index = this.parts.senders.length;
      this.senderIndexes.set(key, index);
      this.parts.senders.push({ role, id });
    }
    this.lastSender = index;
    return index;
  }
}

/** A Y.Text's content with embeds as one character each, as Yjs counts them. */
function textOf(value: Y.Text): string {
  let text = '';
  for (const op of value.toDelta() as Array<{ insert: unknown }>) {
    text += typeof op.insert === 'string' ? op.insert : '\uFFFC';
  }
  return text;
}
