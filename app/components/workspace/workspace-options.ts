import type { WorkspaceMountOptions, WorkspaceRole } from '../../editor/api.ts';

/** The part of the loaders' WorkspaceAccess the editor needs (kept structural: no server import). */
export interface WorkspaceAccessView {
  role: WorkspaceRole;
  readOnly: boolean;
  user: { id: string; name: string };
  collab: {
    url: string;
    token: string | (() => Promise<string>);
    documentName: string;
    notesDocumentName: string | null;
  };
  session: { startedAt: string };
}

/** Mount options from loader data; `serverNow` is the loader's clock, for notes' session times. */
export function workspaceOptions(
  access: WorkspaceAccessView,
  serverNow: number,
): WorkspaceMountOptions {
  return {
    collab: access.collab,
    user: { ...access.user, role: access.role },
    readOnly: access.readOnly,
    offline: access.role === 'candidate',
    sessionStartedAt: Date.parse(access.session.startedAt),
    clockOffsetMs: serverNow - Date.now(),
  };
}
