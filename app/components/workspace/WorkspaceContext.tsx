import { createContext, useContext } from 'react';
import type { WorkspaceController, WorkspaceSnapshot } from '../../editor/api.ts';

export interface WorkspaceContextValue {
  /** Null while the editor bundle loads. */
  controller: WorkspaceController | null;
  snapshot: WorkspaceSnapshot | null;
}

const WorkspaceContext = createContext<WorkspaceContextValue>({ controller: null, snapshot: null });

export const WorkspaceProvider = WorkspaceContext.Provider;

/**
 * For the panels other parts plug into the workspace (AI chat, tests, submit):
 * the controller (`insertFromAI`, `markClipboardFromAI`, `readFile`,
 * `setReadOnly`, …) and the current snapshot.
 */
export function useWorkspaceContext(): WorkspaceContextValue {
  return useContext(WorkspaceContext);
}
