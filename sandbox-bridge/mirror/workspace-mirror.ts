import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { LIMITS } from '../../protocol/limits.ts';
import type { Logger } from '../../protocol/logger.ts';
import type { SandboxHandle } from '../driver/types.ts';
import type { OpenDocument } from './document-source.ts';
import type { MirrorBaseStore, StoredBase } from './mirror-bases.ts';
import { decodeMirroredText, isMirroredPath } from './mirror-policy.ts';
import { changeAsDelta, type Delta, diffText, rebaseChange } from './text-merge.ts';

/** What the terminal (or a test run) did to a file, for the session's event log. */
export interface ToolFileChange {
  path: string;
  change: 'created' | 'changed' | 'deleted';
  chars: number;
}

export interface WorkspaceMirrorOptions {
  sandbox: SandboxHandle;
  document: OpenDocument;
  logger: Logger;
  /** Delay between a document edit and its write to disk. */
  writeDelayMs?: number;
  /** Delay between a hint (terminal output) and the scan of the workspace. */
  scanDelayMs?: number;
  /** A full scan at least this often, for changes nothing hinted at. */
  scanIntervalMs?: number;
  onToolChange?: (change: ToolFileChange) => void;
  /**
   * Where the last agreed state of each file is kept across restarts. Without
   * it a restarted mirror takes the document as the truth and a disk change
   * the previous process had not read yet is overwritten.
   */
  bases?: MirrorBaseStore;
}

/** Per file: what disk and document last agreed on, and document edits since. */
interface FileState {
  base: string;
  deltas: Delta[];
  /** Size and mtime on disk after the last sync, to skip unchanged files in a scan. */
  size: number;
  mtimeMs: number;
  onDisk: boolean;
  /** When the mirror last found a change made by the shell (ms since epoch), or 0. */
  shellWroteAt?: number;
  /** The base as last stored in `bases`. */
  stored?: string;
  /** Loaded from `bases` at start and not synced since. */
  restored?: boolean;
  /**
   * Disk and document are not known to have agreed on anything (a takeover
   * with no stored base, or the mirror's own copy of a file lost a creation
   * race in the document): the next sync adds what only the disk has to the
   * document and deletes nothing from either side.
   */
  keepDisk?: boolean;
}

/** How long a file must go unwritten by the shell before the mirror rewrites it. */
const SHELL_QUIET_MS = 400;

/**
 * Keeps one session's document and sandbox workspace the same, both ways.
 * Document edits reach the disk after `writeDelayMs`; files the terminal
 * changes come back as minimal edits rebased over concurrent typing
 * (text-merge.ts), tagged with the 'terminal' origin. The bridge's own
 * transactions are recognized (`isOwn`) so nothing echoes back.
 */
export class WorkspaceMirror {
  private readonly sandbox: SandboxHandle;
  private readonly document: OpenDocument;
  private readonly logger: Logger;
  private readonly files: Y.Map<Y.Text>;
  private readonly folders: Y.Map<unknown>;
  private readonly states = new Map<string, FileState>();
  private readonly observed = new Map<string, { text: Y.Text; listener: ObserveListener }>();
  private readonly writeTimers = new Map<string, NodeJS.Timeout>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly knownFolders = new Set<string>();
  /** Folders the document deleted that are still on disk, until they are removed there. */
  private readonly folderRemovals = new Map<string, Promise<void>>();
  private readonly options: Required<
    Pick<WorkspaceMirrorOptions, 'writeDelayMs' | 'scanDelayMs' | 'scanIntervalMs'>
  >;
  private scanTimer: NodeJS.Timeout | null = null;
  private scanInterval: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private rescan = false;
  private stopped = false;
  private readonly onToolChange: (change: ToolFileChange) => void;
  private readonly bases: MirrorBaseStore | null;
  /** Texts this mirror put into the document for files the shell made. */
  private readonly imported = new WeakSet<Y.Text>();
  /** Merges after a restart where disk and document had both changed since their base. */
  conflicts = 0;
  private readonly mapListener = (event: Y.YMapEvent<Y.Text>) => this.onFilesChanged(event);
  private readonly folderListener = (event: Y.YMapEvent<unknown>) => this.onFoldersChanged(event);

  constructor(options: WorkspaceMirrorOptions) {
    this.sandbox = options.sandbox;
    this.document = options.document;
    this.logger = options.logger;
    this.files = options.document.doc.getMap<Y.Text>(SESSION_DOC.files);
    this.folders = options.document.doc.getMap(SESSION_DOC.folders);
    this.options = {
      writeDelayMs: options.writeDelayMs ?? 20,
      scanDelayMs: options.scanDelayMs ?? 100,
      scanIntervalMs: options.scanIntervalMs ?? 2000,
    };
    this.onToolChange = options.onToolChange ?? (() => {});
    this.bases = options.bases ?? null;
  }

  /** Writes the document's files to disk, brings back files only on disk, then follows both. */
  async start(): Promise<void> {
    const stored = (await this.bases?.load()) ?? new Map<string, StoredBase>();
    for (const folder of this.folders.keys()) await this.makeFolder(folder);
    for (const [path, text] of this.files) {
      if (!(text instanceof Y.Text)) continue;
      const entry = stored.get(path);
      if (entry !== undefined && !this.behind(entry)) {
        // A previous bridge agreed on the base with the disk: merge three ways.
        // The document's edits since then become the pending deltas, and
        // syncFile takes the disk's changes since then rebased over them.
        const base = await this.commonBase(path, entry.base, text.toString());
        const pending = diffText(base, text.toString());
        this.states.set(path, {
          base,
          deltas: pending ? [changeAsDelta(pending)] : [],
          size: 0,
          mtimeMs: 0,
          onDisk: true,
          stored: entry.base,
          restored: true,
        });
      } else {
        // No stored base (another bridge mirrored the file and its base was
        // never stored), or the document is behind the base (it lacks updates
        // the previous bridge had seen: what it lacks was deleted by nobody).
        // Either way the shell's text on disk may be in no document: keep it.
        const disk = await this.readText(path);
        if (entry !== undefined) this.noteBehind(path, entry, text);
        if (disk !== null && disk !== text.toString()) {
          this.states.set(path, {
            base: text.toString(),
            deltas: [],
            size: 0,
            mtimeMs: 0,
            onDisk: true,
            keepDisk: true,
            ...(entry ? { stored: entry.base } : {}),
          });
        }
      }
      this.observe(path, text);
      await this.enqueue(path, () => this.syncFile(path));
    }
    for (const [path, entry] of stored) {
      if (this.files.has(path)) continue;
      if (this.behind(entry)) {
        // The document lacks the file because it is behind, not because someone
        // deleted it: the file stays on disk and the scan brings it back.
        this.noteBehind(path, entry, null);
        continue;
      }
      await this.enqueue(path, () => this.settleRemovedFromDocument(path, entry.base));
    }
    this.files.observe(this.mapListener);
    this.folders.observe(this.folderListener);
    await this.scan();
    this.scanInterval = setInterval(() => this.scheduleScan(0), this.options.scanIntervalMs);
    this.scanInterval.unref();
  }

  /** Asks for a scan soon: something (terminal output) suggests files changed. */
  scheduleScan(delayMs = this.options.scanDelayMs): void {
    if (this.stopped || this.scanTimer) return;
    this.scanTimer = setTimeout(() => {
      this.scanTimer = null;
      void this.scan();
    }, delayMs);
  }

  /** Whether a path lies in a finished problem's locked folder (decision 027). */
  private isLocked(path: string): boolean {
    for (const folder of this.document.doc.getMap(SESSION_DOC.locked).keys()) {
      if (folder && path.startsWith(`${folder}/`)) return true;
    }
    return false;
  }

  /** Writes pending document edits and takes in disk changes now (before tests or an archive). */
  async flush(): Promise<void> {
    for (const [path, timer] of this.writeTimers) {
      clearTimeout(timer);
      this.writeTimers.delete(path);
      void this.enqueue(path, () => this.syncFile(path, true));
    }
    await this.scan();
    await Promise.all(this.queues.values());
  }

  /**
   * Stops at once, without a last sync: the session's lease is gone, every
   * write would be refused, and a sync waiting for a document that is being
   * closed would never end (the mirror's timers would run on for ever).
   */
  halt(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.scanTimer) clearTimeout(this.scanTimer);
    if (this.scanInterval) clearInterval(this.scanInterval);
    for (const timer of this.writeTimers.values()) clearTimeout(timer);
    this.writeTimers.clear();
    this.files.unobserve(this.mapListener);
    this.folders.unobserve(this.folderListener);
    for (const path of [...this.observed.keys()]) this.unobserve(path);
  }

  /** Flushes, then stops following the document and the disk. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    await this.flush();
    this.stopped = true;
    if (this.scanTimer) clearTimeout(this.scanTimer);
    if (this.scanInterval) clearInterval(this.scanInterval);
    this.files.unobserve(this.mapListener);
    this.folders.unobserve(this.folderListener);
    for (const path of [...this.observed.keys()]) this.unobserve(path);
    await Promise.all(this.queues.values());
  }

  private observe(path: string, text: Y.Text): void {
    this.unobserve(path);
    const listener: ObserveListener = (event, transaction) => {
      if (this.document.isOwn(transaction)) return;
      const state = this.states.get(path);
      if (state) state.deltas.push(event.delta as Delta);
      this.scheduleWrite(path);
    };
    text.observe(listener);
    this.observed.set(path, { text, listener });
  }

  private unobserve(path: string): void {
    const entry = this.observed.get(path);
    if (!entry) return;
    entry.text.unobserve(entry.listener);
    this.observed.delete(path);
  }

  private scheduleWrite(path: string, delayMs = this.options.writeDelayMs): void {
    if (this.stopped || this.writeTimers.has(path)) return;
    const timer = setTimeout(() => {
      this.writeTimers.delete(path);
      void this.enqueue(path, () => this.syncFile(path));
    }, delayMs);
    this.writeTimers.set(path, timer);
  }

  /** One operation at a time per file, in order. */
  private enqueue(path: string, operation: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(path) ?? Promise.resolve();
    const next = previous.then(operation).catch((error: unknown) => {
      this.logger.warn({ err: error, path }, 'mirror could not sync a file');
    });
    this.queues.set(path, next);
    void next.then(() => {
      if (this.queues.get(path) === next) this.queues.delete(path);
    });
    return next;
  }

  private onFilesChanged(event: Y.YMapEvent<Y.Text>): void {
    if (this.document.isOwn(event.transaction)) return;
    for (const [path, change] of event.changes.keys) {
      if (change.action === 'delete') {
        this.unobserve(path);
        void this.enqueue(path, () => this.deleteOnDisk(path));
        continue;
      }
      const text = this.files.get(path);
      if (!(text instanceof Y.Text)) continue;
      const previous = this.states.get(path);
      // A replaced text is a new file at the same path: start from an empty base.
      this.states.delete(path);
      if (previous && change.oldValue instanceof Y.Text && this.imported.has(change.oldValue)) {
        // Not a new file but a creation race: this mirror imported the shell's
        // file while another client (a bridge that died, on a collab-server
        // that had not passed its copy on yet) had created it too, and the
        // other copy won the key. The disk holds what only our copy had.
        this.states.set(path, {
          base: text.toString(),
          deltas: [],
          size: 0,
          mtimeMs: 0,
          onDisk: true,
          keepDisk: true,
        });
      }
      this.observe(path, text);
      this.scheduleWrite(path);
    }
  }

  private onFoldersChanged(event: Y.YMapEvent<unknown>): void {
    if (this.document.isOwn(event.transaction)) return;
    for (const [path, change] of event.changes.keys) {
      if (change.action === 'delete') {
        this.knownFolders.delete(path);
        this.folderRemovals.set(path, this.removeFolderAfterItsContent(path));
      } else {
        void this.makeFolder(path);
      }
    }
  }

  /**
   * A folder deleted with its files in one edit is still full on disk until
   * their deletions (queued per file) have run: remove it after them and
   * after its deleted subfolders, and until then do not let a scan take the
   * emptied folder for one the terminal made.
   */
  private async removeFolderAfterItsContent(path: string): Promise<void> {
    // The files' observer of the same transaction queues their deletions first.
    await Promise.resolve();
    const prefix = `${path}/`;
    const under = <T>(map: Map<string, T>) =>
      [...map].filter(([key]) => key.startsWith(prefix)).map(([, value]) => value);
    await Promise.all([...under(this.queues), ...under(this.folderRemovals)]);
    await this.sandbox.removeEmptyFolder(path).catch(() => false);
    this.folderRemovals.delete(path);
  }

  private async makeFolder(path: string): Promise<void> {
    try {
      await this.sandbox.makeFolder(path);
      this.knownFolders.add(path);
    } catch (error) {
      this.logger.warn({ err: error, path }, 'mirror could not create a folder');
    }
  }

  private async deleteOnDisk(path: string): Promise<void> {
    this.states.delete(path);
    await this.bases?.remove(path);
    await this.sandbox.deleteFile(path);
  }

  /**
   * Brings disk and document to the same text: first the disk's changes since
   * the base (rebased over document edits), then the document's text to disk.
   * The shell may write the file at any moment; a write goes ahead only when
   * the file is as it was read, else the file is read and merged again.
   */
  private async syncFile(path: string, force = false): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (this.stopped) return;
      const text = this.files.get(path);
      if (!(text instanceof Y.Text)) return;
      const before = await this.sandbox.stat(path);
      const bytes = before ? await this.sandbox.readFile(path) : null;
      const disk = bytes ? decodeMirroredText(bytes) : null;
      let state = this.states.get(path);
      if (!state) {
        // The document is the truth for a file the bridge has not synced yet.
        state = { base: text.toString(), deltas: [], size: 0, mtimeMs: 0, onDisk: false };
        this.states.set(path, state);
      }
      const restored = state.restored;
      state.restored = false;
      if (restored && disk === null && state.deltas.length === 0) {
        // Deleted on disk while no mirror ran, unchanged in the document: the deletion wins.
        await this.importDeletion(path);
        return;
      }
      // A finished problem's folder is locked (decision 027): the document
      // wins, and the write below puts its text back on disk.
      const locked = this.isLocked(path);
      if (locked) state.keepDisk = false;
      // The shell made a mirrored file binary (or too large): it leaves the
      // document and its bytes stay on disk, as a file that never was text
      // would. Writing the document's text here would destroy them. Only when
      // the document holds nothing the disk lacks; else the document wins.
      if (
        bytes !== null &&
        disk === null &&
        state.onDisk &&
        !locked &&
        state.deltas.length === 0 &&
        text.toString() === state.base
      ) {
        await this.releaseFile(path);
        return;
      }
      if (disk !== null && state.keepDisk) {
        state.keepDisk = false;
        if (disk !== text.toString()) {
          this.keepBothSides(path, text, state, disk);
          await this.document.sent?.();
        }
      } else if (disk !== null && state.onDisk && disk !== state.base && !locked) {
        if (restored && state.deltas.length > 0 && disk !== text.toString()) {
          this.noteMerge(path, state, text, disk);
        }
        this.applyDiskChange(path, text, state, disk);
        // The base may move to the disk's content only once the server has the change.
        await this.document.sent?.();
        await this.keepBase(path, state);
        state.shellWroteAt = Date.now();
      }
      const current = text.toString();
      // A file the shell is writing now (`>>` in a loop, a build tool) is left
      // alone until it has been quiet for a moment: a rewrite landing between
      // the shell's open and its write would drop the shell's bytes. Its changes
      // are in the document already; ours reach the disk once it is quiet.
      const quietFor = Date.now() - (state.shellWroteAt ?? 0);
      if (!force && quietFor < SHELL_QUIET_MS && current !== disk && !this.stopped) {
        this.scheduleWrite(path, SHELL_QUIET_MS - quietFor + 10);
        return;
      }
      // Edits arriving while the write is under way are relative to `current`.
      const seen = state.deltas.length;
      if (current === disk && state.onDisk) {
        state.base = current;
        state.deltas = [];
        // The stat taken before reading: a write after it shows up as a change.
        if (before) Object.assign(state, { size: before.size, mtimeMs: before.mtimeMs });
        else await this.recordStat(path, state);
        await this.keepBase(path, state);
        return;
      }
      const written = await this.sandbox.writeFile(path, current, { expected: before });
      if (!written) continue;
      state.base = current;
      state.deltas = state.deltas.slice(seen);
      state.onDisk = true;
      state.size = written.size;
      state.mtimeMs = written.mtimeMs;
      if (
        written.concurrent &&
        !locked &&
        this.mergeConcurrent(path, text, state, disk, current, written.concurrent)
      ) {
        // The shell's bytes are in the document only: they go to disk with
        // the next write, once the shell has been quiet for a moment.
        await this.document.sent?.();
        await this.keepBase(path, state);
        state.shellWroteAt = Date.now();
        this.scheduleWrite(path, SHELL_QUIET_MS + 10);
        return;
      }
      await this.keepBase(path, state);
      return;
    }
    this.logger.warn({ path }, 'mirror gave up syncing a file the shell keeps rewriting');
  }

  /**
   * Disk and document with no agreed state between them: the document gets
   * what only the disk has (the text the single changed range holds on disk
   * is added after the document's), nothing is deleted; the document's text
   * then goes to disk. Lossless, at the price of a possible duplicate line.
   */
  private keepBothSides(path: string, text: Y.Text, state: FileState, disk: string): void {
    const current = text.toString();
    const change = diffText(current, disk);
    if (change?.insert) {
      this.document.transact('terminal', () => {
        text.insert(change.index + change.deleteCount, change.insert);
      });
    }
    // As after any disk change: the disk is the base, the document's extra text pending.
    state.base = disk;
    const pending = diffText(disk, text.toString());
    state.deltas = pending ? [changeAsDelta(pending)] : [];
    if (!change?.insert) return;
    this.conflicts += 1;
    this.logger.warn(
      { path, diskChars: disk.length, documentChars: current.length },
      'mirror kept disk text no document had (no agreed state to merge against)',
    );
    this.onToolChange({ path, change: 'changed', chars: disk.length });
  }

  /**
   * The shell changed the file between the write's check and its rename
   * (`>>` into the replaced inode): its change, from `disk` to `replaced`, is
   * no longer on disk. It goes into the document, rebased over what the
   * write put on disk (`disk` → `current`) and the edits typed since; the
   * disk (holding `current`) stays the base, so the next write carries it
   * back. False when there was nothing to merge.
   */
  private mergeConcurrent(
    path: string,
    text: Y.Text,
    state: FileState,
    disk: string | null,
    current: string,
    bytes: Uint8Array,
  ): boolean {
    const replaced = decodeMirroredText(bytes);
    if (replaced === null) {
      this.logger.warn(
        { path },
        'the shell made a file binary while the mirror replaced it: its bytes are lost',
      );
      return false;
    }
    const change = diffText(disk ?? '', replaced);
    if (!change) return false;
    const written = diffText(disk ?? '', current);
    const rebased = rebaseChange(change, [
      ...(written ? [changeAsDelta(written)] : []),
      ...state.deltas,
    ]);
    this.document.transact('terminal', () => {
      for (const [start, end] of rebased.deletions) text.delete(start, end - start);
      if (rebased.insert) text.insert(rebased.insertAt, rebased.insert);
    });
    const pending = diffText(current, text.toString());
    state.deltas = pending ? [changeAsDelta(pending)] : [];
    this.onToolChange({ path, change: 'changed', chars: replaced.length });
    return true;
  }

  /**
   * The base to merge a restored file against. The stored base may be older
   * than both sides when the previous bridge had put some of the disk's
   * changes into the document but died before storing the base again: when
   * both sides only added text since the stored base and one side holds the
   * other whole, that side is the agreed state (merging against the older
   * base would insert the shared text twice).
   */
  private async commonBase(path: string, stored: string, current: string): Promise<string> {
    const disk = await this.readText(path);
    if (disk === null || disk === current || stored === current || stored === disk) return stored;
    const onlyAdded = (from: string, to: string) => diffText(from, to)?.deleteCount === 0;
    if (!onlyAdded(stored, current) || !onlyAdded(stored, disk)) return stored;
    if (onlyAdded(current, disk)) return current;
    if (onlyAdded(disk, current)) return disk;
    return stored;
  }

  /** Whether the document lacks updates it had when the base was stored. */
  private behind(entry: StoredBase): boolean {
    if (!entry.seen) return false;
    let seen: Map<number, number>;
    try {
      seen = Y.decodeStateVector(entry.seen);
    } catch {
      return false;
    }
    for (const [client, clock] of seen) {
      if (Y.getState(this.document.doc.store, client) < clock) return true;
    }
    return false;
  }

  private noteBehind(path: string, entry: StoredBase, text: Y.Text | null): void {
    this.conflicts += 1;
    this.logger.warn(
      { path, baseChars: entry.base.length, documentChars: text?.length ?? null },
      'the document is behind the mirror state the previous bridge stored: disk text kept, nothing deleted',
    );
  }

  private async readText(path: string): Promise<string | null> {
    const bytes = await this.sandbox.readFile(path);
    return bytes ? decodeMirroredText(bytes) : null;
  }

  private applyDiskChange(path: string, text: Y.Text, state: FileState, disk: string): void {
    const change = diffText(state.base, disk);
    if (!change) return;
    const rebased = rebaseChange(change, state.deltas);
    this.document.transact('terminal', () => {
      for (const [start, end] of rebased.deletions) text.delete(start, end - start);
      if (rebased.insert) text.insert(rebased.insertAt, rebased.insert);
    });
    state.base = disk;
    // The document still holds edits the disk lacks: keep them as one change
    // against the new base, so a disk change read on a retry lands right.
    const pending = diffText(disk, text.toString());
    state.deltas = pending ? [changeAsDelta(pending)] : [];
    this.onToolChange({ path, change: 'changed', chars: disk.length });
  }

  /**
   * A file the previous mirror knew that the document no longer has: removed
   * there while no mirror ran. Unchanged on disk, the removal wins; changed on
   * disk, the scan brings it back into the document (nothing is lost).
   */
  private async settleRemovedFromDocument(path: string, base: string): Promise<void> {
    const bytes = await this.sandbox.readFile(path);
    const disk = bytes ? decodeMirroredText(bytes) : null;
    if (disk === base) await this.sandbox.deleteFile(path);
    await this.bases?.remove(path);
  }

  /** Stores the file's base when it changed, before the mirror relies on it. */
  private async keepBase(path: string, state: FileState): Promise<void> {
    if (!this.bases || state.stored === state.base) return;
    const base = state.base;
    try {
      await this.bases.save(path, base, Y.encodeStateVector(this.document.doc));
      state.stored = base;
    } catch (error) {
      this.logger.warn({ err: error, path }, 'mirror could not store the last agreed state');
    }
  }

  /** Disk and document both changed while no mirror ran: both are kept, and it is said. */
  private noteMerge(path: string, state: FileState, text: Y.Text, disk: string): void {
    this.conflicts += 1;
    this.logger.warn(
      { path, baseChars: state.base.length, diskChars: disk.length, documentChars: text.length },
      'mirror merged disk and document changes made while the bridge was down',
    );
  }

  private async recordStat(path: string, state: FileState): Promise<void> {
    const entry = await this.sandbox.stat(path);
    if (entry) {
      state.size = entry.size;
      state.mtimeMs = entry.mtimeMs;
    }
  }

  /** Compares the workspace with what the mirror knows and syncs every difference. */
  private async scan(): Promise<void> {
    if (this.stopped) return;
    if (this.scanning) {
      this.rescan = true;
      return this.scanning;
    }
    this.scanning = this.scanOnce()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'mirror scan failed');
      })
      .finally(() => {
        this.scanning = null;
        if (this.rescan) {
          this.rescan = false;
          this.scheduleScan(0);
        }
      });
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const entries = await this.sandbox.list();
    const onDisk = new Set<string>();
    const foldersOnDisk = new Set<string>();
    const work: Promise<void>[] = [];
    for (const entry of entries) {
      if (!isMirroredPath(entry.path)) continue;
      if (entry.kind === 'folder') {
        foldersOnDisk.add(entry.path);
        continue;
      }
      // Symlinks and special files stay on disk only: never followed, never mirrored.
      if (entry.kind !== 'file') continue;
      onDisk.add(entry.path);
      const state = this.states.get(entry.path);
      if (state) {
        if (state.onDisk && (state.size !== entry.size || state.mtimeMs !== entry.mtimeMs)) {
          work.push(this.enqueue(entry.path, () => this.syncFile(entry.path)));
        }
      } else if (!this.files.has(entry.path)) {
        work.push(this.enqueue(entry.path, () => this.importFile(entry.path)));
      }
    }
    for (const [path, state] of this.states) {
      if (state.onDisk && !onDisk.has(path) && !this.writeTimers.has(path)) {
        work.push(this.enqueue(path, () => this.importDeletion(path)));
      }
    }
    this.syncFolders(entries, foldersOnDisk);
    await Promise.all(work);
  }

  /** A file that exists only on disk (the terminal made it) joins the document. */
  private async importFile(path: string): Promise<void> {
    if (this.files.has(path) || this.files.size >= LIMITS.maxFilesPerSession) return;
    // A finished problem's folder keeps the document's files only (decision 027).
    if (this.isLocked(path)) return this.sandbox.deleteFile(path);
    // Stat before reading: a write after the stat shows up as a change later.
    const before = await this.sandbox.stat(path);
    const bytes = await this.sandbox.readFile(path);
    const content = bytes ? decodeMirroredText(bytes) : null;
    if (content === null || this.files.has(path)) return;
    const text = new Y.Text();
    this.document.transact('terminal', () => {
      text.insert(0, content);
      this.files.set(path, text);
    });
    this.imported.add(text);
    const state: FileState = {
      base: content,
      deltas: [],
      size: before?.size ?? 0,
      mtimeMs: before?.mtimeMs ?? 0,
      onDisk: true,
    };
    this.states.set(path, state);
    this.observe(path, text);
    this.onToolChange({ path, change: 'created', chars: content.length });
    // A base is stored only once the server has what it describes.
    await this.document.sent?.();
    await this.keepBase(path, state);
  }

  /** A file the terminal deleted leaves the document. */
  private async importDeletion(path: string): Promise<void> {
    if (await this.sandbox.readFile(path)) return;
    // Deleted in a locked folder: written back from the document instead.
    if (this.isLocked(path) && this.files.has(path)) return this.syncFile(path, true);
    await this.releaseFile(path);
  }

  /** A file no longer mirrored (deleted, or binary now): out of the document, left alone on disk. */
  private async releaseFile(path: string): Promise<void> {
    this.states.delete(path);
    await this.bases?.remove(path);
    this.unobserve(path);
    if (!this.files.has(path)) return;
    this.document.transact('terminal', () => this.files.delete(path));
    this.onToolChange({ path, change: 'deleted', chars: 0 });
  }

  /** Empty folders made or removed in the terminal are mirrored as the `folders` map. */
  private syncFolders(
    entries: Awaited<ReturnType<SandboxHandle['list']>>,
    foldersOnDisk: Set<string>,
  ): void {
    const withContent = new Set<string>();
    for (const entry of entries) {
      const slash = entry.path.lastIndexOf('/');
      if (slash > 0) withContent.add(entry.path.slice(0, slash));
    }
    const added: string[] = [];
    for (const folder of foldersOnDisk) {
      const terminalMade =
        !withContent.has(folder) && !this.folders.has(folder) && !this.folderRemovals.has(folder);
      if (terminalMade) added.push(folder);
      this.knownFolders.add(folder);
    }
    const removed = [...this.knownFolders].filter(
      (folder) => !foldersOnDisk.has(folder) && this.folders.has(folder),
    );
    for (const folder of [...this.knownFolders]) {
      if (!foldersOnDisk.has(folder)) this.knownFolders.delete(folder);
    }
    if (added.length === 0 && removed.length === 0) return;
    this.document.transact('terminal', () => {
      for (const folder of added) this.folders.set(folder, true);
      for (const folder of removed) this.folders.delete(folder);
    });
  }
}

type ObserveListener = (event: Y.YTextEvent, transaction: Y.Transaction) => void;
