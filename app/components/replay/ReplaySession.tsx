import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import type { ReplayOverview } from '../../replay/view-messages.ts';
import { ObserverChat, ObserverTests } from '../observer/ObserverPanels.tsx';
import { PanelTabs } from '../workspace/PanelTabs.tsx';
import { ReplayControls } from './ReplayControls.tsx';
import { ReplayDiff } from './ReplayDiff.tsx';
import { ReplayEditorPane } from './ReplayEditorPane.tsx';
import { ProvenanceLegend, ReplayFiles } from './ReplayFiles.tsx';
import { ReplayNotes } from './ReplayNotes.tsx';
import { ReplaySearch } from './ReplaySearch.tsx';
import { ReplayTerminal } from './ReplayTerminal.tsx';
import type { ReplayClient } from './replay-client.ts';
import { adjacentInstant, adjacentMarker, LARGE_STEP_MS } from './replay-steps.ts';
import { countUpTo, stepAtTime } from './replay-time.ts';
import { Timeline } from './Timeline.tsx';
import { TimelineLegend } from './TimelineLegend.tsx';
import { buildTracks, markerRow } from './timeline-tracks.ts';
import { useCompare } from './use-compare.ts';
import { useReplayClock } from './use-replay-clock.ts';
import { useReplayEditor } from './use-replay-editor.ts';
import { useReplayFrame } from './use-replay-frame.ts';

// The page renders every animation frame during playback; these only when
// an event crosses the playhead.
const ChatAtInstant = memo(ObserverChat);
const TestsAtInstant = memo(ObserverTests);

/** Edits this recent are highlighted in the editor. */
const RECENT_MS = 5000;

export interface ReplaySessionProps {
  overview: ReplayOverview;
  client: ReplayClient;
  editor: { script: string; style: string };
  testNames: string[];
  showTerminal: boolean;
  showChat: boolean;
  /** Rendered in the header beside the search box. */
  headerEnd: React.ReactNode;
  title: React.ReactNode;
  /** Open at this session time (ms since the session started) instead of the starter code. */
  initialOffsetMs: number | null;
}

/** Keys the page handles when nothing focusable has them (space, arrows). */
function isOwnKeyTarget(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element || element === document.body) return true;
  return !element.closest('input, textarea, select, button, a, [role="slider"], .monaco-editor');
}

/** The replay once the history is indexed: everything on one clock. */
export function ReplaySession(props: ReplaySessionProps) {
  const { overview, client } = props;
  const { timeline, times } = overview;
  // The clock runs from the starter code (nothing before it can be shown) to
  // the last thing recorded, notes written after the last edit included.
  const start = overview.firstFileAt;
  const end = Math.max(timeline.end, ...timeline.notes.map((n) => n.at));
  const initial =
    props.initialOffsetMs === null
      ? start
      : Math.min(
          end,
          Math.max(start, (overview.meta.startedAt ?? timeline.start) + props.initialOffsetMs),
        );
  const clock = useReplayClock(start, end, timeline.idle, initial);
  const step = stepAtTime(times, clock.time);
  const [openPath, setOpenPath] = useState<string | null>(null);
  const [follow, setFollow] = useState(true);
  const [provenance, setProvenance] = useState(true);
  const editor = useReplayEditor(props.editor.script, props.editor.style);
  const compare = useCompare(client, times, editor.controller);
  const frame = useReplayFrame(client, editor.controller, {
    step,
    path: openPath,
    follow,
    provenance,
    reveal: clock.playing || follow,
    recentMs: RECENT_MS,
  });

  const rows = useMemo(() => buildTracks(timeline, overview.pastes), [timeline, overview.pastes]);
  const markers = useMemo(() => markerRow(timeline), [timeline]);
  const eventCount = countUpTo(timeline.events, clock.time);
  const eventsSoFar = useMemo(() => timeline.events.slice(0, eventCount), [timeline, eventCount]);
  const outputs = useMemo(
    () => timeline.events.filter((e) => e.type === 'terminal_output'),
    [timeline],
  );
  const outputTexts = useMemo(() => outputs.map((e) => String(e.data.data ?? '')), [outputs]);
  const outputCount = countUpTo(outputs, clock.time);

  const { seek, pause } = clock;
  const jump = useCallback(
    (at: number) => {
      pause();
      seek(at);
    },
    [pause, seek],
  );
  const onStep = useCallback(
    (dir: 1 | -1, large: boolean) => {
      pause();
      seek(
        large
          ? clock.time + dir * LARGE_STEP_MS
          : adjacentInstant(times, timeline.events, clock.time, dir),
      );
    },
    [pause, seek, clock.time, times, timeline.events],
  );
  const onMarker = useCallback(
    (dir: 1 | -1) => {
      const marker = adjacentMarker(markers, clock.time, dir);
      if (marker) jump(marker.at);
    },
    [markers, clock.time, jump],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isOwnKeyTarget(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === ' ') clock.toggle();
      else if (event.key === 'ArrowRight') onStep(1, event.shiftKey);
      else if (event.key === 'ArrowLeft') onStep(-1, event.shiftKey);
      else if (event.key === 'PageDown') onMarker(1);
      else if (event.key === 'PageUp') onMarker(-1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [clock.toggle, onStep, onMarker]);

  const shownFile = frame?.files.find((f) => f.path === frame.path) ?? null;
  const open = (path: string) => {
    setFollow(false);
    setOpenPath(path);
    compare.close();
  };

  const panels = [
    ...(props.showChat
      ? [{ id: 'chat', title: 'AI chat', content: <ChatAtInstant events={eventsSoFar} /> }]
      : []),
    {
      id: 'tests',
      title: 'Tests',
      content: <TestsAtInstant events={eventsSoFar} testNames={props.testNames} />,
    },
    {
      id: 'notes',
      title: `Notes (${timeline.notes.length})`,
      content: <ReplayNotes notes={timeline.notes} start={start} time={clock.time} onJump={jump} />,
    },
    {
      id: 'compare',
      title: 'Compare',
      content: (
        <ReplayDiff
          start={start}
          time={clock.time}
          a={compare.a}
          b={compare.b}
          onSet={compare.set}
          result={compare.result}
          loading={compare.loading}
          error={compare.error}
          openPath={compare.openFile?.path ?? null}
          onOpen={compare.open}
        />
      ),
    },
  ];

  return (
    <div className={`replay${props.showTerminal ? ' has-terminal' : ''}`}>
      <header className="replay-header">
        {props.title}
        <ReplaySearch timeline={timeline} start={start} time={clock.time} onJump={jump} />
        {props.headerEnd}
      </header>
      <aside className="replay-side-left">
        <ReplayFiles files={frame?.files ?? []} openPath={frame?.path ?? null} onOpen={open} />
        <ProvenanceLegend
          on={provenance}
          onToggle={setProvenance}
          file={shownFile}
          total={frame?.total ?? null}
        />
      </aside>
      <ReplayEditorPane
        editor={editor}
        path={frame?.path ?? null}
        follow={follow}
        onFollow={(on) => {
          setFollow(on);
          if (on) compare.close();
        }}
        diff={compare.openFile ? { file: compare.openFile, a: compare.a, b: compare.b } : null}
        start={start}
        onCloseDiff={compare.close}
        empty={frame !== null && frame.files.length === 0}
        terminal={
          props.showTerminal ? <ReplayTerminal outputs={outputTexts} count={outputCount} /> : null
        }
      />
      <aside className="replay-side-right">
        <PanelTabs panels={panels} label="Session panels" />
      </aside>
      <footer className="replay-footer">
        <ReplayControls clock={clock} start={start} end={end} onStep={onStep} onMarker={onMarker} />
        <Timeline
          start={start}
          end={end}
          time={clock.time}
          rows={rows}
          markers={markers}
          idle={timeline.idle}
          compare={{ a: compare.a, b: compare.b }}
          onSeek={seek}
          onStep={onStep}
          onMarker={onMarker}
          onTogglePlay={clock.toggle}
        />
        <TimelineLegend markers={markers} />
      </footer>
    </div>
  );
}
