import {
  closeSync,
  constants,
  fchownSync,
  fstatSync,
  ftruncateSync,
  openSync,
  writeSync,
} from 'node:fs';
import { chown, lstat, mkdir, open, readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { LIMITS } from '../../protocol/limits.ts';
import { normalizeWorkspacePath, parentFolders } from '../../protocol/paths.ts';
import { BridgeError } from '../errors.ts';
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

/**
 * File operations confined to one workspace folder. The candidate controls
 * that folder, so every path is normalized and no component may be a symlink:
 * the bridge runs outside the sandbox and must never be steered to the host's
 * files (`ln -s /etc/shadow x`). O_NOFOLLOW guards the last component.
 */
export class WorkspaceFiles {
  readonly root: string;
  readonly owner: { uid: number; gid: number } | null;

  constructor(root: string, owner: { uid: number; gid: number } | null) {
    this.root = root;
    this.owner = owner;
  }

  /** The host path of a workspace path, after checking every folder on the way. */
  private async resolve(path: string): Promise<{ normal: string; host: string }> {
    const normal = normalizeWorkspacePath(path);
    for (const folder of parentFolders(normal)) {
      const stat = await lstat(join(this.root, folder)).catch(() => null);
      if (stat && !stat.isDirectory()) {
        throw new BridgeError(
          'BAD_PATH',
          `${folder} is not a folder (a symlink or a file), so ${normal} cannot be used.`,
        );
      }
    }
    return { normal, host: join(this.root, normal) };
  }

  async read(path: string): Promise<Uint8Array | null> {
    const { host } = await this.resolve(path);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(host, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return null;
      throw error;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return null;
      return new Uint8Array(await handle.readFile());
    } finally {
      await handle.close();
    }
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
    const { normal, host } = await this.resolve(path);
    await this.makeFolders(parentFolders(normal));
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    let fd: number;
    try {
      fd = openSync(host, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
        throw new BridgeError('BAD_PATH', `${normal} is a symlink; it is left alone.`);
      }
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
        throw new BridgeError('BAD_PATH', `${normal} is a folder, not a file.`);
      }
      throw error;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new BridgeError('BAD_PATH', `${normal} is not a regular file.`);
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
  }

  async stat(path: string): Promise<WorkspaceEntry | null> {
    const { normal, host } = await this.resolve(path);
    const stat = await lstat(host).catch(() => null);
    if (!stat?.isFile()) return null;
    return { path: normal, kind: 'file', size: stat.size, mtimeMs: stat.mtimeMs };
  }

  async delete(path: string): Promise<void> {
    const { host } = await this.resolve(path);
    const stat = await lstat(host).catch(() => null);
    if (stat && !stat.isDirectory()) await unlink(host);
  }

  async makeFolder(path: string): Promise<void> {
    const normal = normalizeWorkspacePath(path);
    await this.makeFolders([...parentFolders(normal), normal]);
  }

  async removeEmptyFolder(path: string): Promise<boolean> {
    const { host } = await this.resolve(path);
    const stat = await lstat(host).catch(() => null);
    if (!stat?.isDirectory()) return false;
    try {
      await rmdir(host);
      return true;
    } catch {
      return false;
    }
  }

  private async makeFolders(folders: string[]): Promise<void> {
    for (const folder of folders) {
      const host = join(this.root, folder);
      const stat = await lstat(host).catch(() => null);
      if (stat?.isDirectory()) continue;
      if (stat) throw new BridgeError('BAD_PATH', `${folder} exists and is not a folder.`);
      await mkdir(host, { mode: 0o755 });
      if (this.owner) await chown(host, this.owner.uid, this.owner.gid);
    }
  }

  /** Regular files and folders, skipping symlinks, ignored folders and invalid names. */
  async list(): Promise<WorkspaceEntry[]> {
    const entries: WorkspaceEntry[] = [];
    const walk = async (folder: string, depth: number): Promise<void> => {
      if (depth > LIMITS.maxPathDepth || entries.length >= MAX_LISTED_ENTRIES) return;
      const dirents = await readdir(join(this.root, folder), { withFileTypes: true }).catch(
        () => [],
      );
      dirents.sort((a, b) => (a.name < b.name ? -1 : 1));
      for (const dirent of dirents) {
        if (entries.length >= MAX_LISTED_ENTRIES) return;
        const path = folder ? `${folder}/${dirent.name}` : dirent.name;
        if (dirent.isDirectory()) {
          if (IGNORED_FOLDERS.has(dirent.name)) continue;
          const stat = await lstat(join(this.root, path)).catch(() => null);
          if (!stat) continue;
          entries.push({ path, kind: 'folder', size: 0, mtimeMs: stat.mtimeMs });
          await walk(path, depth + 1);
        } else if (dirent.isFile()) {
          const stat = await lstat(join(this.root, path)).catch(() => null);
          if (stat?.isFile()) {
            entries.push({ path, kind: 'file', size: stat.size, mtimeMs: stat.mtimeMs });
          }
        }
      }
    };
    await walk('', 1);
    return entries;
  }
}
