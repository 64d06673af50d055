import { useNavigate } from '@remix-run/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Language } from '../../../protocol/problems.ts';
import type { ChatMessage, RoomEvent, RoomState } from '../../../protocol/room.ts';
import type { WorkspaceController, WorkspaceMountOptions } from '../../editor/api.ts';
import type { EditorManifest } from '../../editor/manifest.ts';
import type { SessionProblemView } from '../../interview/access.server.ts';
import { RoomChat } from '../room/RoomChat.tsx';
import { RoomClock } from '../room/RoomClock.tsx';
import { useRoom } from '../room/use-room.ts';
import { Terminal } from '../terminal/Terminal.tsx';
import { ToastProvider, useToasts } from '../ui/Toasts.tsx';
import { CandidateWorkspace } from '../workspace/CandidateWorkspace.tsx';
import { ProblemNavigator } from '../workspace/ProblemNavigator.tsx';
import { useWorkspaceContext } from '../workspace/WorkspaceContext.tsx';
import { ChatPanel, type ChatTurn } from './ChatPanel.tsx';
import { EventBatcher } from './event-batcher.ts';
import { InterviewTests } from './InterviewTests.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';
import { SubmitButton } from './SubmitDialog.tsx';
import { useInterviewShortcuts } from './shortcuts.ts';
import { Timer } from './Timer.tsx';

export interface InterviewSessionProps {
  candidateId: string;
  manifest: EditorManifest;
  options: WorkspaceMountOptions;
  assessment: { title: string; enableAI: boolean; enableTerminal: boolean };
  problem: { title: string; description: string; language: string; difficulty: string };
  /** Languages the candidate may switch to during the interview (decision 023). */
  languages?: Array<{ id: Language; label: string }>;
  /** The assessment's problems in order, and the one the candidate is on (decision 021). */
  problems: SessionProblemView[];
  currentProblem: number;
  session: { status: string; deadlineAt: string };
  /** The clock as the live room shows it, and the chat with the interviewers so far. */
  room: RoomState;
  roomChat: ChatMessage[];
  serverTime: string;
  aiAvailable: boolean;
  chatTurns: ChatTurn[];
  /** The bridge's terminal WebSocket URL (with the session token). */
  terminalUrl: string;
  /** Names of the visible tests, listed before the first run. */
  testNames: string[];
}

/** Chat wired to the editor: code from answers is inserted or pasted as `ai-paste`. */
function InterviewChat(props: {
  candidateId: string;
  enabled: boolean;
  available: boolean;
  turns: ChatTurn[];
}) {
  const { controller, snapshot } = useWorkspaceContext();
  return (
    <div data-ai-content className="chat-host">
      <ChatPanel
        candidateId={props.candidateId}
        enabled={props.enabled}
        available={props.available}
        initialTurns={props.turns}
        getOpenFile={() => {
          const path = snapshot?.openPath;
          const content = path ? controller?.readFile(path) : null;
          return path && content !== null && content !== undefined ? { path, content } : null;
        }}
        onInsertCode={(code) => controller?.insertFromAI(code) ?? false}
        onCopyCode={(code) => controller?.markClipboardFromAI(code)}
      />
    </div>
  );
}

/** The problem list wired to the server and the editor: a switch opens the problem's main file. */
function ProblemSwitcher(props: {
  candidateId: string;
  problems: SessionProblemView[];
  current: number;
  disabled: boolean;
  onSwitched: (current: number, done: number | null) => void;
}) {
  const { controller } = useWorkspaceContext();
  return (
    <ProblemNavigator
      problems={props.problems}
      current={props.current}
      disabled={props.disabled}
      onSwitch={async (request) => {
        const response = await fetch(`/api/interview/${props.candidateId}/problem`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
        const body = (await response.json().catch(() => null)) as {
          currentProblem?: number;
          error?: { message?: string };
        } | null;
        if (!response.ok || typeof body?.currentProblem !== 'number')
          throw new Error(
            body?.error?.message ?? `Switching failed (${response.status}); try again.`,
          );
        const next = props.problems.find((problem) => problem.position === body.currentProblem);
        props.onSwitched(body.currentProblem, 'done' in request ? props.current : null);
        if (next) controller?.openFile(next.mainFile);
      }}
    />
  );
}

/** Opens a file once the document has it: a language switch's starter arrives through Yjs. */
function openWhenPresent(controller: WorkspaceController, path: string, timeoutMs = 15_000) {
  const present = () => controller.getSnapshot().files.includes(path);
  if (present()) {
    controller.openFile(path);
    return;
  }
  const stop = controller.subscribe(() => {
    if (!present()) return;
    finish();
    controller.openFile(path);
  });
  const timer = setTimeout(() => finish(), timeoutMs);
  function finish() {
    stop();
    clearTimeout(timer);
  }
}

/**
 * The language picker wired to the editor: after a switch the page stays (the
 * terminal, chat and tests keep their state); the problems change language
 * and the current one's new main file opens when it reaches the document.
 */
function LanguageControl(props: {
  candidateId: string;
  language: string;
  languages: Array<{ id: Language; label: string }>;
  current: number;
  disabled: boolean;
  onSwitched: (problems: SessionProblemView[]) => void;
}) {
  const { controller } = useWorkspaceContext();
  return (
    <LanguageSwitcher
      candidateId={props.candidateId}
      language={props.language}
      languages={props.languages}
      disabled={props.disabled}
      onSwitched={(problems) => {
        props.onSwitched(problems);
        const main = problems.find((problem) => problem.position === props.current)?.mainFile;
        if (controller && main) openWhenPresent(controller, main);
      }}
    />
  );
}

function SubmitControl(props: { candidateId: string; onSubmitted: () => void }) {
  const { controller } = useWorkspaceContext();
  return (
    <SubmitButton
      onSubmit={async () => {
        const response = await fetch(`/api/interview/${props.candidateId}/submit`, {
          method: 'POST',
        });
        const body = (await response.json().catch(() => null)) as {
          error?: { message?: string };
        } | null;
        if (!response.ok)
          throw new Error(
            body?.error?.message ?? `Submitting failed (${response.status}); try again.`,
          );
        controller?.setReadOnly(true);
        props.onSubmitted();
      }}
    />
  );
}

const candidateNotices: Partial<Record<RoomEvent, string>> = {
  'session.paused': 'The hiring team paused your interview: the clock is stopped.',
  'session.resumed': 'The hiring team resumed your interview: the clock runs again.',
  'time.extended': 'The hiring team gave you more time.',
};

function SessionInner(props: InterviewSessionProps) {
  const toasts = useToasts();
  const navigate = useNavigate();
  const help = useRef<HTMLDialogElement>(null);
  const runTests = useRef<(() => void) | null>(null);
  const [sideTab, setSideTab] = useState('problem');
  const [problems, setProblems] = useState(props.problems);
  const [current, setCurrent] = useState(props.currentProblem);
  const problem = problems.find((entry) => entry.position === current) ?? props.problem;
  const testNames =
    problems.find((entry) => entry.position === current)?.visibleTestNames ?? props.testNames;
  const [bottomTab, setBottomTab] = useState<string | undefined>(undefined);
  const [finished, setFinished] = useState(
    props.session.status !== 'ACTIVE' && props.session.status !== 'PAUSED',
  );
  const batcher = useMemo(
    () =>
      typeof window === 'undefined'
        ? null
        : new EventBatcher({ endpoint: `/api/interview/${props.candidateId}/events/batch` }),
    [props.candidateId],
  );

  useEffect(() => {
    if (!batcher) return;
    const onFocus = () => batcher.add('focus', { focused: true });
    const onBlur = () => batcher.add('focus', { focused: false });
    const onVisibility = () =>
      batcher.add('visibility', { visible: document.visibilityState === 'visible' });
    window.addEventListener('focus', onFocus);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', onVisibility);
      batcher.destroy();
    };
  }, [batcher]);

  // Leaving the page mid-interview asks first (seed 3.1); the work itself is never lost.
  useEffect(() => {
    if (finished) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = 'Your interview is in progress. Leave the page?';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [finished]);

  const done = useCallback(() => {
    setFinished(true);
    navigate(`/interview/${props.candidateId}/done`);
  }, [navigate, props.candidateId]);

  // The live room: the team's pause, extension or end reach this page as they happen.
  const room = useRoom(props.room, props.roomChat, (event: RoomEvent) => {
    const notice = candidateNotices[event];
    if (notice) toasts.show({ tone: 'info', message: notice }, 8000);
    if (event === 'session.submitted' || event === 'time.up') done();
  });

  const record = useCallback((key: string) => batcher?.add('shortcut', { key }), [batcher]);
  useInterviewShortcuts(
    {
      onSave: () =>
        toasts.show({ tone: 'success', message: 'Your work saves itself as you type.' }, 2500),
      onRunTests: () => {
        setBottomTab('tests');
        runTests.current?.();
      },
      onToggleChat: () => setSideTab((tab) => (tab === 'chat' ? 'problem' : 'chat')),
      onHelp: () => help.current?.showModal(),
    },
    record,
  );

  const options = useMemo<WorkspaceMountOptions>(
    () => ({
      ...props.options,
      onPaste: (info) =>
        batcher?.add('paste', { path: info.path ?? '', length: info.length, fromAI: info.fromAI }),
      onFileOpen: (path) => batcher?.add('file_open', { path }),
      onRoomMessage: room.onRoomMessage,
    }),
    [props.options, batcher, room.onRoomMessage],
  );

  return (
    <>
      <CandidateWorkspace
        manifest={props.manifest}
        options={options}
        assessmentTitle={props.assessment.title}
        problem={problem}
        tabs={{ side: sideTab, onSide: setSideTab, bottom: bottomTab, onBottom: setBottomTab }}
        slots={{
          timer: (
            <RoomClock
              state={room.state}
              running={(state) => (
                <Timer
                  candidateId={props.candidateId}
                  deadlineAt={state.deadlineAt}
                  serverTime={state.serverTime}
                  status={state.status}
                  onWarning={(seconds) =>
                    toasts.show(
                      { tone: 'warning', message: `${seconds / 60} minutes left.` },
                      10_000,
                    )
                  }
                  onExpired={() => {
                    toasts.show(
                      { tone: 'info', message: 'Time is up: your work is being submitted.' },
                      0,
                    );
                    // The server submits on its own; wait for it, then show the end page.
                    const poll = setInterval(async () => {
                      const response = await fetch(
                        `/api/interview/${props.candidateId}/status`,
                      ).catch(() => null);
                      const body = (await response?.json().catch(() => null)) as {
                        status?: string;
                      } | null;
                      if (body?.status === 'COMPLETED' || body?.status === 'EXPIRED') {
                        clearInterval(poll);
                        done();
                      }
                    }, 1500);
                  }}
                />
              )}
            />
          ),
          talk: (
            <RoomChat
              messages={room.chat}
              postUrl={`/api/interview/${props.candidateId}/room-chat`}
              closed={finished}
              selfRole="candidate"
              onPosted={room.addChat}
            />
          ),
          submit: finished ? null : (
            <SubmitControl candidateId={props.candidateId} onSubmitted={done} />
          ),
          chat: props.assessment.enableAI ? (
            <InterviewChat
              candidateId={props.candidateId}
              enabled={props.assessment.enableAI}
              available={props.aiAvailable}
              turns={props.chatTurns}
            />
          ) : undefined,
          terminal: props.assessment.enableTerminal ? (
            <Terminal socketUrl={props.terminalUrl} />
          ) : undefined,
          tests: (
            // A new problem, or the same one in another language, starts with an
            // empty panel: the last run was of other code and other test names.
            <InterviewTests
              key={`${current}:${problem.language}`}
              candidateId={props.candidateId}
              testNames={testNames}
              runRef={runTests}
            />
          ),
          problemNav: (
            <>
              <LanguageControl
                candidateId={props.candidateId}
                language={problem.language}
                languages={props.languages ?? []}
                current={current}
                disabled={finished}
                onSwitched={setProblems}
              />
              <ProblemSwitcher
                candidateId={props.candidateId}
                problems={problems}
                current={current}
                disabled={finished}
                onSwitched={(next, done) => {
                  if (done !== null)
                    setProblems((list) =>
                      list.map((entry) =>
                        entry.position === done ? { ...entry, done: true } : entry,
                      ),
                    );
                  setCurrent(next);
                }}
              />
            </>
          ),
        }}
      />
      <ShortcutsHelp ref={help} />
    </>
  );
}

/** The candidate's interview: workspace, timer, AI chat, tests, terminal, submit. */
export function InterviewSession(props: InterviewSessionProps) {
  return (
    <ToastProvider>
      <SessionInner {...props} />
    </ToastProvider>
  );
}
