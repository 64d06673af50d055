import {
  closeSync,
  constants,
  fchownSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readSync,
  rmdirSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { LIMITS } from '../../protocol/limits.ts';
import { normalizeWorkspacePath } from '../../protocol/paths.ts';
import { BridgeError } from '../errors.ts';
import { at, isCode, kindOf, lstatAt, openFolderAt, openRootFolder } from './folder-fd.ts';
import type { WorkspaceEntry } from './types.ts';

/** Folders never mirrored, listed or archived: dependencies, caches, VCS data. */
export const IGNORED_FOLDERS = new Set([
  'node_modules',
  '.git',
  '__pycache__',
  '.venv',
  'venv',
  '.pytest_cache',
  '.mypy_cache',
  '.cache',
  '.npm',
  // The bridge's test harness, copied in for each run.
  '.tandem',
]);

/** Most entries a listing returns; a workspace is a handful of files. */
export const MAX_LISTED_ENTRIES = LIMITS.maxFilesPerSession * 4;

/** Most bytes a read returns by default: the bridge holds what it reads in memory. */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

// O_NONBLOCK: opening a FIFO the candidate made must not hang the bridge.
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const WRITE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * File operations confined to one workspace folder. The candidate controls
 * that folder and can change it between any two system calls, while the
 * bridge runs outside the sandbox (often as root). So nothing here opens a
 * path by name below the root: each operation opens the workspace folder,
 * walks to the parent one name at a time with O_NOFOLLOW (folder-fd.ts), and
 * acts on the last name relative to that parent. Symlinks and special files
 * (FIFOs, sockets, devices) are reported as what they are and never followed
 * or opened for content. See docs/decisions/012-file-access.md.
 */
export class WorkspaceFiles {
  readonly root: string;
  readonly owner: { uid: number; gid: number } | null;

  constructor(root: string, owner: { uid: number; gid: number } | null) {
    this.root = root;
    this.owner = owner;
  }

  /**
   * Runs `use` with the parent folder of `path` open (null when a folder on
   * the way is missing) and the last name. BAD_PATH when a folder on the way
   * is a symlink or a file.
   */
  private withParent<T>(
    path: string,
    create: boolean,
    use: (parentFd: number | null, name: string, normal: string) => T,
  ): T {
    const normal = normalizeWorkspacePath(path);
    const parts = normal.split('/');
    const name = parts.pop()!;
    const rootFd = openRootFolder(this.root);
    let parent: number | null = null;
    try {
      parent = openFolderAt(rootFd, parts, { create, owner: this.owner });
      return use(parent, name, normal);
    } finally {
      if (parent !== null && parent !== rootFd) closeSync(parent);
      closeSync(rootFd);
    }
  }

  /**
   * The bytes of a regular file; null when there is none (missing, a folder,
   * a symlink or a special file). TOO_LARGE beyond `maxBytes`.
   */
  async read(path: string, maxBytes = MAX_READ_BYTES): Promise<Uint8Array | null> {
    return this.withParent(path, false, (parent, name, normal) => {
      if (parent === null) return null;
      let fd: number;
      try {
        fd = openSync(at(parent, name), READ_FLAGS);
      } catch (error) {
        if (isCode(error, 'ENOENT', 'ELOOP', 'ENOTDIR', 'ENXIO', 'EACCES')) return null;
        throw error;
      }
      try {
        const stat = fstatSync(fd);
        if (!stat.isFile()) return null;
        if (stat.size > maxBytes) throw tooLarge(normal, maxBytes);
        // Read to the end, not to the size fstat gave: the file may be growing.
        const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 4096)));
        let length = 0;
        for (;;) {
          if (length === buffer.length) throw tooLarge(normal, maxBytes);
          const read = readSync(fd, buffer, length, buffer.length - length, null);
          if (read === 0) break;
          length += read;
        }
        if (length > maxBytes) throw tooLarge(normal, maxBytes);
        return new Uint8Array(buffer.subarray(0, length));
      } finally {
        closeSync(fd);
      }
    });
  }

  /**
   * Writes in place (same inode: a shell holding the file open keeps it). The
   * check against `expected` and the write run synchronously, with no event
   * loop turn between them, so the window for a lost concurrent write is a
   * few system calls wide.
   */
  async write(
    path: string,
    content: Uint8Array | string,
    expected?: Pick<WorkspaceEntry, 'size' | 'mtimeMs'> | null,
  ): Promise<Pick<WorkspaceEntry, 'size' | 'mtimeMs'> | null> {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    return this.withParent(path, true, (parent, name, normal) => {
      let fd: number;
      try {
        fd = openSync(at(parent!, name), WRITE_FLAGS, 0o644);
      } catch (error) {
        if (isCode(error, 'ELOOP')) {
          throw new BridgeError('BAD_PATH', `${normal} is a symlink; it is left alone.`);
        }
        if (isCode(error, 'EISDIR')) {
          throw new BridgeError('BAD_PATH', `${normal} is a folder, not a file.`);
        }
        if (isCode(error, 'ENXIO')) {
          throw new BridgeError('BAD_PATH', `${normal} is a special file; it is left alone.`);
        }
        throw error;
      }
      try {
        const stat = fstatSync(fd);
        if (!stat.isFile()) {
          throw new BridgeError('BAD_PATH', `${normal} is a special file; it is left alone.`);
        }
        // A hard link to a file elsewhere would be written through: refuse it.
        if (stat.nlink > 1) {
          throw new BridgeError('BAD_PATH', `${normal} has other hard links; it is left alone.`);
        }
        if (expected !== undefined) {
          const same =
            expected === null
              ? stat.size === 0
              : stat.size === expected.size && stat.mtimeMs === expected.mtimeMs;
          if (!same) return null;
        }
        ftruncateSync(fd, 0);
        writeSync(fd, bytes, 0, bytes.byteLength, 0);
        if (this.owner) fchownSync(fd, this.owner.uid, this.owner.gid);
        // The stat of what we wrote, before any later writer: the mirror compares
        // against it, so an append right after this write is still noticed.
        const written = fstatSync(fd);
        return { size: written.size, mtimeMs: written.mtimeMs };
      } finally {
        closeSync(fd);
      }
    });
  }

  /** Size and mtime of a regular file; null for anything else (never followed). */
  async stat(path: string): Promise<WorkspaceEntry | null> {
    return this.withParent(path, false, (parent, name, normal) => {
      const stat = parent === null ? null : lstatAt(parent, name);
      if (!stat?.isFile()) return null;
      return { path: normal, kind: 'file', size: stat.size, mtimeMs: stat.mtimeMs };
    });
  }

  /** Deletes a file, symlink or special file (the entry itself); folders are left. */
  async delete(path: string): Promise<void> {
    this.withParent(path, false, (parent, name) => {
      if (parent === null) return;
      const stat = lstatAt(parent, name);
      if (!stat || stat.isDirectory()) return;
      try {
        unlinkSync(at(parent, name));
      } catch (error) {
        if (!isCode(error, 'ENOENT', 'EISDIR')) throw error;
      }
    });
  }

  async makeFolder(path: string): Promise<void> {
    const normal = normalizeWorkspacePath(path);
    const rootFd = openRootFolder(this.root);
    try {
      const fd = openFolderAt(rootFd, normal.split('/'), { create: true, owner: this.owner });
      if (fd !== null && fd !== rootFd) closeSync(fd);
    } finally {
      closeSync(rootFd);
    }
  }

  async removeEmptyFolder(path: string): Promise<boolean> {
    return this.withParent(path, false, (parent, name) => {
      if (parent === null || !lstatAt(parent, name)?.isDirectory()) return false;
      try {
        // rmdir never follows a symlink: one swapped in meanwhile gives ENOTDIR.
        rmdirSync(at(parent, name));
        return true;
      } catch {
        return false;
      }
    });
  }

  /**
   * Files, folders, symlinks and special files (each as its kind, none
   * followed), skipping ignored folders, bounded in depth and count.
   */
  async list(): Promise<WorkspaceEntry[]> {
    const entries: WorkspaceEntry[] = [];
    const walk = (fd: number, folder: string, depth: number): void => {
      if (depth > LIMITS.maxPathDepth || entries.length >= MAX_LISTED_ENTRIES) return;
      let names: string[];
      try {
        names = readdirSync(`/proc/self/fd/${fd}`);
      } catch {
        return;
      }
      names.sort();
      for (const name of names) {
        if (entries.length >= MAX_LISTED_ENTRIES) return;
        const stat = lstatAt(fd, name);
        if (!stat) continue;
        const path = folder ? `${folder}/${name}` : name;
        const kind = kindOf(stat);
        if (kind === 'folder' && IGNORED_FOLDERS.has(name)) continue;
        entries.push({ path, kind, size: kind === 'file' ? stat.size : 0, mtimeMs: stat.mtimeMs });
        if (kind !== 'folder') continue;
        let child: number | null;
        try {
          child = openFolderAt(fd, [name]);
        } catch {
          // Swapped for a symlink since the lstat: not entered.
          continue;
        }
        if (child === null) continue;
        try {
          walk(child, path, depth + 1);
        } finally {
          closeSync(child);
        }
      }
    };
    const rootFd = openRootFolder(this.root);
    try {
      walk(rootFd, '', 1);
    } finally {
      closeSync(rootFd);
    }
    return entries;
  }
}

function tooLarge(path: string, maxBytes: number): BridgeError {
  return new BridgeError(
    'TOO_LARGE',
    `${path} is larger than ${Math.round(maxBytes / 1024)} KiB; it was not read.`,
  );
}
