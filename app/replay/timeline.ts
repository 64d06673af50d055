import type { SessionEventRecord } from '../../protocol/events.ts';
import type { SessionHistory } from '../../protocol/history-format.ts';
import { PROBLEM_SWITCHED } from '../../protocol/problem-sequence.ts';
import { describeEvent, isFocusLoss } from './event-labels.ts';
import { type NoteEntry, readNotes } from './notes.ts';
import type { ReplayIndex } from './replay-index.ts';

/**
 * The replay's timeline: the edit log and the event log on one clock, as
 * tracks (edit bursts per file, events with labels), markers to jump to and
 * idle gaps to skip.
 */

export interface TimelineOptions {
  /** A pause longer than this with no edit and no event is idle (default 60 s). */
  idleMs?: number;
  /** A paste of at least this many characters gets a marker (default 200). */
  longPasteChars?: number;
  /** Edits closer than this belong to one burst on a file's track (default 2 s). */
  burstGapMs?: number;
}

export type MarkerKind =
  | 'first-passing-test'
  | 'test-run'
  | 'ai-turn'
  | 'long-paste'
  | 'focus-lost'
  | 'idle'
  | 'note'
  /** The candidate moved to another problem (decision 021). */
  | 'problem-switch'
  /** The candidate switched language (decision 023). */
  | 'language-switch';

export interface TimelineMarker {
  kind: MarkerKind;
  at: number;
  label: string;
  /** The update behind an edit marker. */
  step?: number;
  /** The event behind an event marker. */
  eventSeq?: number;
  noteId?: string;
}

export interface TimelineEvent extends SessionEventRecord {
  label: string;
}

export interface EditBurst {
  from: number;
  to: number;
  /** Updates that changed the file in this burst. */
  updates: number;
}

/** One file's life on the timeline; a rename starts a new track. */
export interface FileEditTrack {
  fileId: number;
  path: string;
  renamedFrom: string | null;
  createdAt: number;
  deletedAt: number | null;
  bursts: EditBurst[];
}

export interface IdleGap {
  from: number;
  to: number;
}

export interface Timeline {
  start: number;
  end: number;
  events: TimelineEvent[];
  files: FileEditTrack[];
  markers: TimelineMarker[];
  idle: IdleGap[];
  notes: NoteEntry[];
}

/** Builds the timeline of an indexed history. */
export function buildTimeline(
  index: ReplayIndex,
  history: Pick<SessionHistory, 'events' | 'notes'>,
  options: TimelineOptions = {},
): Timeline {
  const idleMs = options.idleMs ?? 60_000;
  const events = [...history.events]
    .sort((a, b) => a.at - b.at || a.seq - b.seq)
    .map((event) => ({ ...event, label: describeEvent(event) }));
  const start = Math.min(index.startTime, events[0]?.at ?? Number.POSITIVE_INFINITY);
  const end = Math.max(index.endTime, events.at(-1)?.at ?? 0, index.meta.endedAt ?? 0);
  const notes = readNotes(history.notes, index.meta.startedAt ?? start);
  const idle = idleGaps(index, events, start, end, idleMs);
  const markers = [
    ...eventMarkers(events),
    ...pasteMarkers(index, options.longPasteChars ?? 200),
    ...idle.map((gap) => ({
      kind: 'idle' as const,
      at: gap.from,
      label: `Idle for ${Math.round((gap.to - gap.from) / 1000)} s`,
    })),
    ...notes.map((note) => ({
      kind: 'note' as const,
      at: note.at,
      label: `${note.authorName}: ${note.text}`,
      noteId: note.id,
    })),
  ].sort((a, b) => a.at - b.at);
  return {
    start,
    end,
    events,
    files: fileTracks(index, options.burstGapMs ?? 2000),
    markers,
    idle,
    notes,
  };
}

/** Where playback should jump when `time` falls in an idle gap ("skip idle"). */
export function skipIdle(timeline: Timeline, time: number): number {
  const gap = timeline.idle.find((g) => g.from < time && time < g.to);
  return gap ? gap.to : time;
}

function eventMarkers(events: TimelineEvent[]): TimelineMarker[] {
  const markers: TimelineMarker[] = [];
  let passed = false;
  for (const event of events) {
    const at = { at: event.at, label: event.label, eventSeq: event.seq };
    if (event.type === 'test_result' && event.data.passed === true && !passed) {
      passed = true;
      markers.push({ kind: 'first-passing-test', ...at });
    } else if (event.type === 'test_run_finished') markers.push({ kind: 'test-run', ...at });
    else if (event.type === 'ai_turn_started') markers.push({ kind: 'ai-turn', ...at });
    else if (isFocusLoss(event)) markers.push({ kind: 'focus-lost', ...at });
    else if (event.type === PROBLEM_SWITCHED) markers.push({ kind: 'problem-switch', ...at });
    else if (event.type === 'language_switched') markers.push({ kind: 'language-switch', ...at });
  }
  return markers;
}

function pasteMarkers(index: ReplayIndex, minChars: number): TimelineMarker[] {
  const markers: TimelineMarker[] = [];
  for (let step = 1; step <= index.stepCount; step++) {
    const origin = index.stepOrigin(step);
    if (origin !== 'paste' && origin !== 'ai-paste') continue;
    const chars = index.stepInserted(step);
    if (chars < minChars) continue;
    const paths = index.stepInfo(step).paths.join(', ');
    const from = origin === 'ai-paste' ? ' from the AI' : '';
    markers.push({
      kind: 'long-paste',
      at: index.timeOfStep(step),
      label: `Pasted ${chars} characters${from} into ${paths}`,
      step,
    });
  }
  return markers;
}

/** Gaps longer than `idleMs` between consecutive edits and events. */
function idleGaps(
  index: ReplayIndex,
  events: TimelineEvent[],
  start: number,
  end: number,
  idleMs: number,
): IdleGap[] {
  const gaps: IdleGap[] = [];
  let last = start;
  let e = 0;
  const visit = (time: number) => {
    if (time - last > idleMs) gaps.push({ from: last, to: time });
    last = Math.max(last, time);
  };
  for (let step = 1; step <= index.stepCount; step++) {
    const time = index.timeOfStep(step);
    while (e < events.length && events[e]!.at <= time) visit(events[e++]!.at);
    visit(time);
  }
  while (e < events.length) visit(events[e++]!.at);
  visit(end);
  return gaps;
}

function fileTracks(index: ReplayIndex, gapMs: number): FileEditTrack[] {
  return index.allTracks().map((track) => {
    const bursts: EditBurst[] = [];
    for (let j = 1; j <= track.changeCount; j++) {
      const at = index.timeOfStep(track.changeStep(j));
      const last = bursts.at(-1);
      if (last && at - last.to <= gapMs) {
        last.to = at;
        last.updates++;
      } else bursts.push({ from: at, to: at, updates: 1 });
    }
    return {
      fileId: track.id,
      path: track.path,
      renamedFrom: track.renamedFrom?.path ?? null,
      createdAt: index.timeOfStep(track.createdStep),
      deletedAt: Number.isFinite(track.deletedStep) ? index.timeOfStep(track.deletedStep) : null,
      bursts,
    };
  });
}
