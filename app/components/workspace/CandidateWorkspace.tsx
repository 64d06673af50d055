import type { ReactNode } from 'react';
import type { WorkspaceMountOptions } from '../../editor/api.ts';
import type { EditorManifest } from '../../editor/manifest.ts';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import type { Panel } from './PanelTabs.tsx';
import { PresenceList } from './PresenceList.tsx';
import { ProblemPanel } from './ProblemPanel.tsx';
import { WorkspaceFrame } from './WorkspaceFrame.tsx';

/**
 * Places for the pieces other parts of Tandem add to the candidate's page.
 * Each renders inside the workspace context (`useWorkspaceContext()` gives
 * the controller: `insertFromAI`, `markClipboardFromAI`, `readFile`,
 * `setReadOnly`, …). Missing slots leave no empty space.
 */
export interface CandidateSlots {
  timer?: ReactNode;
  submit?: ReactNode;
  /** Side panel tab "AI assistant". */
  chat?: ReactNode;
  /** Side panel tab "Interviewers": the chat with the hiring team. */
  talk?: ReactNode;
  /** Bottom panel tab "Terminal". */
  terminal?: ReactNode;
  /** Bottom panel tab "Tests". */
  tests?: ReactNode;
  /** Above the problem statement: moving between the assessment's problems. */
  problemNav?: ReactNode;
}

/** The candidate's page: files, editor, problem, and the slots. */
export function CandidateWorkspace(props: {
  manifest: EditorManifest;
  options: WorkspaceMountOptions;
  assessmentTitle: string;
  problem: { title: string; description: string; language: string; difficulty: string };
  slots?: CandidateSlots;
  /** Controlled panel tabs (ids: problem, chat; terminal, tests). */
  tabs?: {
    side?: string;
    bottom?: string;
    onSide?: (id: string) => void;
    onBottom?: (id: string) => void;
  };
}) {
  const { slots = {} } = props;
  const bottom: Panel[] = [];
  if (slots.terminal) bottom.push({ id: 'terminal', title: 'Terminal', content: slots.terminal });
  if (slots.tests) bottom.push({ id: 'tests', title: 'Tests', content: slots.tests });
  return (
    <WorkspaceFrame
      manifest={props.manifest}
      options={props.options}
      header={({ snapshot }) => (
        <>
          <div className="workspace-title">
            <span className="brand">Tandem</span>
            <span className="muted">{props.assessmentTitle}</span>
            {snapshot?.readOnly ? <span className="badge">read-only</span> : null}
          </div>
          <div className="workspace-header-slots">
            {slots.timer}
            <ConnectionIndicator state={snapshot?.connection ?? null} />
            <PresenceList participants={snapshot?.participants ?? []} />
            {slots.submit}
          </div>
        </>
      )}
      side={() => {
        const panels: Panel[] = [
          {
            id: 'problem',
            title: 'Problem',
            content: (
              <>
                {slots.problemNav}
                <ProblemPanel problem={props.problem} />
              </>
            ),
          },
        ];
        if (slots.chat) panels.push({ id: 'chat', title: 'AI assistant', content: slots.chat });
        if (slots.talk) panels.push({ id: 'talk', title: 'Interviewers', content: slots.talk });
        return panels;
      }}
      bottom={bottom}
      tabs={props.tabs}
    />
  );
}
