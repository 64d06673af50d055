import type { ReactNode } from 'react';
import type { WorkspaceMountOptions } from '../../editor/api.ts';
import type { EditorManifest } from '../../editor/manifest.ts';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { FollowToggle } from './FollowToggle.tsx';
import { NotesPane } from './NotesPane.tsx';
import type { Panel } from './PanelTabs.tsx';
import { PresenceList } from './PresenceList.tsx';
import { ProblemPanel } from './ProblemPanel.tsx';
import { WorkspaceFrame } from './WorkspaceFrame.tsx';

/** Places for other parts on the observer's page (read-only terminal mirror, test results, timer). */
export interface ObserverSlots {
  timer?: ReactNode;
  actions?: ReactNode;
  terminal?: ReactNode;
  tests?: ReactNode;
  /** Side panel tab "AI chat" (the candidate's conversation, read-only). */
  chat?: ReactNode;
  /** Side panel tab "Candidate chat": the interviewers' chat with the candidate. */
  talk?: ReactNode;
}

/**
 * An interviewer watching a candidate: the same files read-only, follow mode,
 * private notes; editable while the interviewer pairs (decision 027).
 */
export function ObserverWorkspace(props: {
  manifest: EditorManifest;
  options: WorkspaceMountOptions;
  candidateName: string;
  assessmentTitle: string;
  problem: { title: string; description: string; language: string; difficulty: string };
  slots?: ObserverSlots;
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
            <a href="/dashboard" className="brand">
              Tandem
            </a>
            <span>
              Observing <strong>{props.candidateName}</strong>
            </span>
            <span className="muted">{props.assessmentTitle}</span>
            {props.options.readOnly ? (
              <span className="badge">read-only</span>
            ) : (
              <span className="badge pairing" data-testid="pairing-badge">
                editing with the candidate
              </span>
            )}
          </div>
          <div className="workspace-header-slots">
            {slots.timer}
            <ConnectionIndicator state={snapshot?.connection ?? null} />
            <PresenceList participants={snapshot?.participants ?? []} />
            {slots.actions}
          </div>
        </>
      )}
      editorToolbar={({ controller, snapshot }) => (
        <FollowToggle
          controller={controller}
          snapshot={snapshot}
          candidateName={props.candidateName}
        />
      )}
      side={({ controller, snapshot }) => {
        const panels: Panel[] = [
          {
            id: 'notes',
            title: 'Notes',
            content: <NotesPane notes={snapshot?.notes ?? null} controller={controller} />,
          },
          { id: 'problem', title: 'Problem', content: <ProblemPanel problem={props.problem} /> },
        ];
        if (slots.chat) panels.push({ id: 'chat', title: 'AI chat', content: slots.chat });
        if (slots.talk) panels.push({ id: 'talk', title: 'Candidate chat', content: slots.talk });
        return panels;
      }}
      bottom={bottom}
    />
  );
}
