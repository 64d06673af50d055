import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import type { FileOpResult } from '../../editor/api.ts';
import { buildFileTree, type FileNode } from '../../interview/file-tree.ts';
import { FileNameInput } from './FileNameInput.tsx';
import { DeleteIcon, NewFileIcon, NewFolderIcon, RenameIcon } from './icons.tsx';

export interface FileTreeActions {
  open(path: string): void;
  createFile(path: string): FileOpResult;
  createFolder(path: string): FileOpResult;
  rename(from: string, to: string): FileOpResult;
  remove(path: string): FileOpResult;
}

interface Row {
  node: FileNode;
  level: number;
  parent: string | null;
}

type Editing =
  | { mode: 'new-file' | 'new-folder'; parent: string }
  | { mode: 'rename'; path: string }
  | null;

const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const join = (folder: string, name: string) => (folder ? `${folder}/${name}` : name);

/**
 * The session's files as an ARIA tree: arrows move and expand, Enter opens,
 * F2 renames, Delete deletes; the toolbar creates files and folders in the
 * focused folder. Read-only trees only navigate and open.
 */
export function FileTree(props: {
  files: readonly string[];
  folders: readonly string[];
  openPath: string | null;
  readOnly: boolean;
  actions: FileTreeActions;
}) {
  const { files, folders, openPath, readOnly, actions } = props;
  const tree = useMemo(() => buildFileTree([...files], [...folders]), [files, folders]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<string | null>(null);
  const itemRefs = useRef(new Map<string, HTMLElement>());

  const rows = useMemo(() => {
    const out: Row[] = [];
    const walk = (nodes: FileNode[], level: number, parent: string | null) => {
      for (const node of nodes) {
        out.push({ node, level, parent });
        if (node.type === 'folder' && !collapsed.has(node.path)) {
          walk(node.children ?? [], level + 1, node.path);
        }
      }
    };
    walk(tree, 1, null);
    return out;
  }, [tree, collapsed]);

  const current =
    rows.find((row) => row.node.path === focused) ??
    rows.find((r) => r.node.path === openPath) ??
    rows[0];
  const tabStop = current?.node.path ?? null;

  const focusPath = (path: string | null | undefined) => {
    if (!path) return;
    setFocused(path);
    itemRefs.current.get(path)?.focus();
  };
  const toggle = (path: string, open?: boolean) =>
    setCollapsed((previous) => {
      const next = new Set(previous);
      const shouldOpen = open ?? next.has(path);
      if (shouldOpen) next.delete(path);
      else next.add(path);
      return next;
    });

  /** The folder new entries go into: the focused folder, or the focused file's folder. */
  const targetFolder = () => {
    if (!current) return '';
    return current.node.type === 'folder' ? current.node.path : parentOf(current.node.path);
  };

  const startCreate = (mode: 'new-file' | 'new-folder') => {
    const parent = targetFolder();
    if (parent) toggle(parent, true);
    setError(null);
    setEditing({ mode, parent });
  };
  // From the keyboard, `target` is the row the key was pressed on: the focus
  // may have moved there a moment before React re-rendered `current`.
  const startRename = (target = current) => {
    if (!target) return;
    setError(null);
    setEditing({ mode: 'rename', path: target.node.path });
  };
  const remove = (target = current) => {
    if (!target) return;
    const { path, type } = target.node;
    const what = type === 'folder' ? `the folder ${path} and everything in it` : path;
    if (!window.confirm(`Delete ${what}?`)) return;
    const result = actions.remove(path);
    setError(result.ok ? null : result.message);
    if (result.ok) focusPath(rows[Math.max(0, rows.indexOf(target) - 1)]?.node.path);
  };

  const commit = (name: string) => {
    if (!editing) return;
    let result: FileOpResult;
    if (editing.mode === 'rename') {
      result = actions.rename(editing.path, join(parentOf(editing.path), name));
    } else {
      const path = join(editing.parent, name);
      result = editing.mode === 'new-file' ? actions.createFile(path) : actions.createFolder(path);
    }
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(null);
    setEditing(null);
    setFocused(result.path);
    requestAnimationFrame(() => itemRefs.current.get(result.path)?.focus());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, row: Row) => {
    const index = rows.indexOf(row);
    const { node } = row;
    const isFolder = node.type === 'folder';
    const expanded = isFolder && !collapsed.has(node.path);
    const activate = () => (isFolder ? toggle(node.path) : actions.open(node.path));
    switch (event.key) {
      case 'ArrowDown':
        focusPath(rows[index + 1]?.node.path);
        break;
      case 'ArrowUp':
        focusPath(rows[index - 1]?.node.path);
        break;
      case 'Home':
        focusPath(rows[0]?.node.path);
        break;
      case 'End':
        focusPath(rows.at(-1)?.node.path);
        break;
      case 'ArrowRight':
        if (isFolder && !expanded) toggle(node.path, true);
        else if (isFolder) focusPath(rows[index + 1]?.node.path);
        break;
      case 'ArrowLeft':
        if (expanded) toggle(node.path, false);
        else focusPath(row.parent);
        break;
      case 'Enter':
      case ' ':
        activate();
        break;
      case 'F2':
        if (readOnly) return;
        startRename(row);
        break;
      case 'Delete':
        if (readOnly) return;
        remove(row);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const newEntryRow = (parent: string, level: number) =>
    editing && editing.mode !== 'rename' && editing.parent === parent ? (
      <div role="none" className="tree-row" style={{ paddingLeft: `${level * 0.9}rem` }}>
        <FileNameInput
          label={editing.mode === 'new-file' ? 'New file name' : 'New folder name'}
          initial=""
          onCommit={commit}
          onCancel={() => setEditing(null)}
        />
      </div>
    ) : null;

  return (
    <section className="file-tree" aria-label="Files">
      <div className="file-tree-toolbar">
        <span className="panel-title">Files</span>
        {readOnly ? null : (
          <div className="file-tree-actions">
            <button
              type="button"
              className="icon-button"
              onClick={() => startCreate('new-file')}
              aria-label="New file"
              title="New file (in the focused folder)"
            >
              <NewFileIcon />
            </button>
            <button
              type="button"
              className="icon-button"
              onClick={() => startCreate('new-folder')}
              aria-label="New folder"
              title="New folder (in the focused folder)"
            >
              <NewFolderIcon />
            </button>
            <button
              type="button"
              className="icon-button"
              onClick={() => startRename()}
              disabled={!current}
              aria-label="Rename"
              title="Rename (F2)"
            >
              <RenameIcon />
            </button>
            <button
              type="button"
              className="icon-button"
              onClick={() => remove()}
              disabled={!current}
              aria-label="Delete"
              title="Delete (Del)"
            >
              <DeleteIcon />
            </button>
          </div>
        )}
      </div>
      <div role="tree" aria-label="Workspace files" className="tree">
        {newEntryRow('', 1)}
        {rows.map((row) => {
          const { node, level } = row;
          const isFolder = node.type === 'folder';
          const expanded = isFolder ? !collapsed.has(node.path) : undefined;
          if (editing?.mode === 'rename' && editing.path === node.path) {
            return (
              <div
                key={node.path}
                role="none"
                className="tree-row"
                style={{ paddingLeft: `${level * 0.9}rem` }}
              >
                <FileNameInput
                  label={`Rename ${node.name}`}
                  initial={node.name}
                  onCommit={commit}
                  onCancel={() => setEditing(null)}
                />
              </div>
            );
          }
          return (
            <div key={node.path} role="none">
              <div
                role="treeitem"
                aria-level={level}
                aria-expanded={expanded}
                aria-selected={node.path === openPath}
                tabIndex={node.path === tabStop ? 0 : -1}
                ref={(element) => {
                  if (element) itemRefs.current.set(node.path, element);
                  else itemRefs.current.delete(node.path);
                }}
                className={`tree-item${node.path === openPath ? ' is-open' : ''}`}
                style={{ paddingLeft: `${(level - 1) * 0.9 + 0.5}rem` }}
                data-path={node.path}
                onClick={() => {
                  setFocused(node.path);
                  if (isFolder) toggle(node.path);
                  else actions.open(node.path);
                }}
                onKeyDown={(event) => onKeyDown(event, row)}
                onFocus={() => setFocused(node.path)}
              >
                <span className="tree-icon" aria-hidden="true">
                  {isFolder ? (expanded ? '▾' : '▸') : '·'}
                </span>
                {node.name}
              </div>
              {isFolder && expanded ? newEntryRow(node.path, level + 1) : null}
            </div>
          );
        })}
      </div>
      {rows.length === 0 && !editing ? (
        <p className="muted tree-empty">
          {readOnly ? 'No files yet.' : 'No files yet — create one.'}
        </p>
      ) : null}
      {error ? (
        <p className="form-error tree-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
