import * as Y from 'yjs';
import { SESSION_DOC } from '../../protocol/documents.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { findPathProblem, parentFolders } from '../../protocol/paths.ts';
import type { FileOpResult } from './api.ts';
import type { LocalEdits } from './local-edits.ts';

const fail = (code: Extract<FileOpResult, { ok: false }>['code'], message: string) =>
  ({ ok: false, code, message }) as const;

/**
 * The files and folders of a session document (`files`: path → Y.Text,
 * `folders`: explicit empty folders). Every operation is validated with the
 * shared path rules and applied in one transaction tagged `file-op`.
 */
export class SessionFiles {
  readonly files: Y.Map<Y.Text>;
  readonly folders: Y.Map<boolean>;
  private readonly edits: LocalEdits;

  constructor(doc: Y.Doc, edits: LocalEdits) {
    this.files = doc.getMap<Y.Text>(SESSION_DOC.files);
    this.folders = doc.getMap<boolean>(SESSION_DOC.folders);
    this.edits = edits;
  }

  listFiles(): string[] {
    return [...this.files.keys()].sort();
  }

  listFolders(): string[] {
    return [...this.folders.keys()].sort();
  }

  text(path: string): Y.Text | undefined {
    const value = this.files.get(path);
    return value instanceof Y.Text ? value : undefined;
  }

  isFile(path: string): boolean {
    return this.files.has(path);
  }

  /** Explicit folders and the folders that files imply. */
  isFolder(path: string): boolean {
    if (this.folders.has(path)) return true;
    const prefix = `${path}/`;
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
    for (const folder of this.folders.keys()) if (folder.startsWith(prefix)) return true;
    return false;
  }

  createFile(input: string, content = ''): FileOpResult {
    const checked = this.checkNewPath(input);
    if (!checked.ok) return checked;
    if (this.files.size >= LIMITS.maxFilesPerSession) {
      return fail('TOO_MANY_FILES', `A session holds at most ${LIMITS.maxFilesPerSession} files.`);
    }
    this.edits.write('file-op', () => this.files.set(checked.path, new Y.Text(content)));
    return checked;
  }

  createFolder(input: string): FileOpResult {
    const checked = this.checkNewPath(input);
    if (!checked.ok) return checked;
    this.edits.write('file-op', () => this.folders.set(checked.path, true));
    return checked;
  }

  /** Renames a file, or a folder with every file and folder under it. */
  rename(from: string, input: string): FileOpResult {
    const isFile = this.isFile(from);
    if (!isFile && !this.isFolder(from)) return fail('NOT_FOUND', `${from} does not exist.`);
    if (input === from) return { ok: true, path: from };
    const checked = this.checkNewPath(input);
    if (!checked.ok) return checked;
    const to = checked.path;
    if (!isFile && to.startsWith(`${from}/`)) {
      return fail('BAD_PATH', 'A folder cannot be moved inside itself.');
    }
    const move = (path: string) => `${to}${path.slice(from.length)}`;
    this.edits.write('file-op', () => {
      // A Y.Text cannot change parents: the content moves as a copy.
      for (const path of isFile ? [from] : this.pathsUnder(this.files, from)) {
        const text = this.files.get(path)?.toString() ?? '';
        this.files.delete(path);
        this.files.set(move(path), new Y.Text(text));
      }
      if (!isFile) {
        for (const path of this.pathsUnder(this.folders, from)) {
          this.folders.delete(path);
          this.folders.set(move(path), true);
        }
        // Keep a renamed folder visible even when it held only implied folders.
        this.folders.set(to, true);
      }
    });
    return checked;
  }

  /** Deletes a file, or a folder with everything under it. */
  remove(path: string): FileOpResult {
    if (this.isFile(path)) {
      this.edits.write('file-op', () => this.files.delete(path));
      return { ok: true, path };
    }
    if (!this.isFolder(path)) return fail('NOT_FOUND', `${path} does not exist.`);
    this.edits.write('file-op', () => {
      for (const file of this.pathsUnder(this.files, path)) this.files.delete(file);
      for (const folder of this.pathsUnder(this.folders, path)) this.folders.delete(folder);
    });
    return { ok: true, path };
  }

  /** Paths in `map` equal to `folder` or under it. */
  private pathsUnder(map: Y.Map<Y.Text> | Y.Map<boolean>, folder: string): string[] {
    const prefix = `${folder}/`;
    return [...map.keys()].filter((key) => key === folder || key.startsWith(prefix));
  }

  /** A new path must be valid, free, and must not sit under a file. */
  private checkNewPath(input: string): FileOpResult {
    const trimmed = input.trim().replace(/\/+$/, '');
    const problem = findPathProblem(trimmed);
    if (problem) {
      return fail(
        'BAD_PATH',
        `“${trimmed.slice(0, 80)}” is not a valid path (${problem.replace('_', ' ')}).`,
      );
    }
    const path = trimmed.split('/').filter(Boolean).join('/');
    if (this.isFile(path) || this.isFolder(path)) return fail('EXISTS', `${path} already exists.`);
    const fileParent = parentFolders(path).find((parent) => this.isFile(parent));
    if (fileParent) return fail('PARENT_IS_FILE', `${fileParent} is a file, not a folder.`);
    return { ok: true, path };
  }
}
