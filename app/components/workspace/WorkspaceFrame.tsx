import type { ReactNode } from 'react';
import type { WorkspaceMountOptions } from '../../editor/api.ts';
import type { EditorManifest } from '../../editor/manifest.ts';
import { LargerScreenNotice } from '../ui/LargerScreenNotice.tsx';
import { EditorSkeleton } from './EditorSkeleton.tsx';
import { EditorTabs } from './EditorTabs.tsx';
import { FileTree } from './FileTree.tsx';
import { type Panel, PanelTabs } from './PanelTabs.tsx';
import { useWorkspace } from './use-workspace.ts';
import { type WorkspaceContextValue, WorkspaceProvider } from './WorkspaceContext.tsx';

const noFile = { ok: false, code: 'READ_ONLY', message: 'The editor is still loading.' } as const;

/**
 * The frame both workspace pages share: header, file tree, tabs and the
 * editor, a side panel and a bottom panel. It mounts the editor bundle and
 * shares its controller and snapshot with everything inside through context.
 */
export function WorkspaceFrame(props: {
  manifest: EditorManifest;
  options: WorkspaceMountOptions;
  header: (workspace: WorkspaceContextValue) => ReactNode;
  /** Above the editor, beside the tabs (observer's follow toggle). */
  editorToolbar?: (workspace: WorkspaceContextValue) => ReactNode;
  side: (workspace: WorkspaceContextValue) => Panel[];
  bottom: Panel[];
  /** Controlled tabs, for shortcuts that switch panels. */
  tabs?: {
    side?: string;
    bottom?: string;
    onSide?: (id: string) => void;
    onBottom?: (id: string) => void;
  };
}) {
  const { editorRef, controller, snapshot, error } = useWorkspace(props.manifest, props.options);
  const workspace = { controller, snapshot };
  const readOnly = snapshot?.readOnly ?? props.options.readOnly;
  const bottom = props.bottom;
  return (
    <WorkspaceProvider value={workspace}>
      <LargerScreenNotice what={readOnly ? 'observer view' : 'interview workspace'} />
      <main id="main" className={`workspace${bottom.length > 0 ? ' has-bottom' : ''}`}>
        <header className="workspace-header">{props.header(workspace)}</header>
        <aside className="workspace-files">
          <FileTree
            files={snapshot?.files ?? []}
            folders={snapshot?.folders ?? []}
            openPath={snapshot?.openPath ?? null}
            readOnly={readOnly || !controller}
            actions={{
              open: (path) => controller?.openFile(path),
              createFile: (path) => controller?.createFile(path) ?? noFile,
              createFolder: (path) => controller?.createFolder(path) ?? noFile,
              rename: (from, to) => controller?.rename(from, to) ?? noFile,
              remove: (path) => controller?.remove(path) ?? noFile,
            }}
          />
        </aside>
        <section className="workspace-editor" aria-label="Editor">
          <div className="editor-bar">
            <EditorTabs
              files={snapshot?.files ?? []}
              openPath={snapshot?.openPath ?? null}
              onOpen={(path) => controller?.openFile(path)}
            />
            {props.editorToolbar?.(workspace)}
          </div>
          <div className="editor-host">
            <div ref={editorRef} className="monaco-container" data-testid="editor" />
            {error ? (
              <div className="editor-overlay" role="alert">
                <p>The editor could not be loaded: {error.message}</p>
                <button type="button" onClick={() => window.location.reload()}>
                  Reload
                </button>
              </div>
            ) : !controller ? (
              <div className="editor-overlay">
                <EditorSkeleton />
              </div>
            ) : snapshot && snapshot.files.length === 0 && snapshot.connection.everSynced ? (
              <div className="editor-overlay editor-empty">
                <p className="muted">
                  {readOnly ? 'No files yet.' : 'No files yet — create one in the file tree.'}
                </p>
              </div>
            ) : null}
          </div>
        </section>
        <aside className="workspace-side">
          <PanelTabs
            label="Side panel"
            panels={props.side(workspace)}
            active={props.tabs?.side}
            onSelect={props.tabs?.onSide}
          />
        </aside>
        {bottom.length > 0 ? (
          <section className="workspace-bottom">
            <PanelTabs
              label="Bottom panel"
              panels={bottom}
              active={props.tabs?.bottom}
              onSelect={props.tabs?.onBottom}
            />
          </section>
        ) : null}
      </main>
    </WorkspaceProvider>
  );
}
