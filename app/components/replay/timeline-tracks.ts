import type { MarkerKind, Timeline, TimelineMarker } from '../../replay/timeline.ts';
import type { PasteMark } from '../../replay/view-messages.ts';

/**
 * The replay timeline's rows: one per file (its edit bursts), then the
 * terminal, test runs, AI turns, pastes and focus loss, each a list of spans
 * on the session clock. Pure data; Timeline.tsx draws it.
 */

export type SpanTone =
  | 'edit'
  | 'terminal'
  | 'pass'
  | 'fail'
  | 'running'
  | 'ai'
  | 'paste'
  | 'ai-paste'
  | 'away';

export interface TrackSpan {
  from: number;
  to: number;
  tone: SpanTone;
  label: string;
}

export type TrackKind = 'file' | 'terminal' | 'tests' | 'ai' | 'pastes' | 'focus';

export interface TrackRow {
  id: string;
  kind: TrackKind;
  label: string;
  spans: TrackSpan[];
}

/**
 * Markers Page Up / Page Down go through (test runs and focus loss have rows
 * of their own). Idle gaps are drawn as bands across the tracks rather than
 * as dots: a long session has hundreds of them.
 */
export const MARKER_ROW_KINDS: readonly MarkerKind[] = [
  'first-passing-test',
  'ai-turn',
  'long-paste',
  'idle',
  'note',
  'problem-switch',
  'language-switch',
];

export function markerRow(timeline: Timeline): TimelineMarker[] {
  return timeline.markers.filter((m) => MARKER_ROW_KINDS.includes(m.kind));
}

/**
 * The markers drawn as buttons: no idle gaps, and of markers of one kind
 * closer than `minGapPx` only the first (the keyboard still reaches the others).
 */
export function visibleMarkers(
  markers: readonly TimelineMarker[],
  start: number,
  end: number,
  width: number,
  minGapPx = 6,
): TimelineMarker[] {
  const scale = width / Math.max(1, end - start);
  const lastX = new Map<MarkerKind, number>();
  return markers.filter((marker) => {
    if (marker.kind === 'idle') return false;
    const x = (marker.at - start) * scale;
    const previous = lastX.get(marker.kind);
    if (previous !== undefined && x - previous < minGapPx) return false;
    lastX.set(marker.kind, x);
    return true;
  });
}

const plural = (n: number, one: string) => `${n.toLocaleString()} ${one}${n === 1 ? '' : 's'}`;

/** Every row of the timeline, files first (by path). */
export function buildTracks(timeline: Timeline, pastes: readonly PasteMark[]): TrackRow[] {
  const rows: TrackRow[] = [];
  const byPath = new Map<string, TrackRow>();
  for (const file of timeline.files) {
    let row = byPath.get(file.path);
    if (!row) {
      row = { id: `file:${file.path}`, kind: 'file', label: file.path, spans: [] };
      byPath.set(file.path, row);
    }
    for (const burst of file.bursts) {
      row.spans.push({
        from: burst.from,
        to: burst.to,
        tone: 'edit',
        label: `${file.path}: ${plural(burst.updates, 'edit')}`,
      });
    }
  }
  rows.push(...[...byPath.values()].sort((a, b) => (a.label < b.label ? -1 : 1)));
  rows.push(
    eventRow(timeline, 'terminal', 'Terminal', terminalSpans),
    eventRow(timeline, 'tests', 'Test runs', testSpans),
    eventRow(timeline, 'ai', 'AI turns', aiSpans),
    {
      id: 'pastes',
      kind: 'pastes',
      label: 'Pastes',
      spans: pastes.map((p) => ({
        from: p.at,
        to: p.at,
        tone: p.kind,
        label: `Pasted ${plural(p.chars, 'character')}${p.kind === 'ai-paste' ? ' from the AI' : ''}${p.paths.length ? ` into ${p.paths.join(', ')}` : ''}`,
      })),
    },
    eventRow(timeline, 'focus', 'Focus lost', focusSpans),
  );
  return rows;
}

type Events = Timeline['events'];

function eventRow(
  timeline: Timeline,
  kind: TrackKind,
  label: string,
  spans: (events: Events, end: number) => TrackSpan[],
): TrackRow {
  return { id: kind, kind, label, spans: spans(timeline.events, timeline.end) };
}

function terminalSpans(events: Events): TrackSpan[] {
  return events
    .filter((e) => e.type === 'terminal_input' || e.type === 'terminal_output')
    .map((e) => ({ from: e.at, to: e.at, tone: 'terminal' as const, label: e.label }));
}

/** A test run from its start to its end, green when everything passed. */
function testSpans(events: Events, end: number): TrackSpan[] {
  const open = new Map<string, TrackSpan>();
  const spans: TrackSpan[] = [];
  for (const e of events) {
    const runId = String(e.data.runId ?? '');
    if (e.type === 'test_run_started') {
      const span: TrackSpan = { from: e.at, to: end, tone: 'running', label: e.label };
      open.set(runId, span);
      spans.push(span);
    } else if (e.type === 'test_run_finished') {
      const span = open.get(runId) ?? { from: e.at, to: e.at, tone: 'running', label: '' };
      if (!open.has(runId)) spans.push(span);
      open.delete(runId);
      const passed = Number(e.data.passed ?? 0);
      const failed = Number(e.data.failed ?? 0);
      span.to = e.at;
      span.tone = !e.data.error && failed === 0 && passed > 0 ? 'pass' : 'fail';
      span.label = e.label;
    }
  }
  return spans;
}

/** An AI turn from the prompt to the end of the answer. */
function aiSpans(events: Events, end: number): TrackSpan[] {
  const open = new Map<string, TrackSpan>();
  const spans: TrackSpan[] = [];
  const idOf = (data: Record<string, unknown>) => String(data.interactionId ?? data.turnId ?? '');
  for (const e of events) {
    if (e.type === 'ai_turn_started') {
      const span: TrackSpan = { from: e.at, to: end, tone: 'ai', label: e.label };
      open.set(idOf(e.data), span);
      spans.push(span);
    } else if (e.type === 'ai_turn_finished') {
      const span = open.get(idOf(e.data));
      if (span) span.to = e.at;
      open.delete(idOf(e.data));
    }
  }
  return spans;
}

/** From losing focus (or hiding the tab) until it comes back. */
function focusSpans(events: Events, end: number): TrackSpan[] {
  const spans: TrackSpan[] = [];
  let away: TrackSpan | null = null;
  for (const e of events) {
    const lost =
      (e.type === 'focus' && e.data.focused === false) ||
      (e.type === 'visibility' && e.data.visible === false);
    const back =
      (e.type === 'focus' && e.data.focused === true) ||
      (e.type === 'visibility' && e.data.visible === true);
    if (lost && !away) {
      away = { from: e.at, to: end, tone: 'away', label: e.label };
      spans.push(away);
    } else if (back && away) {
      away.to = e.at;
      away.label = `${away.label} for ${Math.max(1, Math.round((e.at - away.from) / 1000))} s`;
      away = null;
    }
  }
  return spans;
}

/**
 * Spans as pixel rectangles, merged where they would overlap on screen: a
 * long session has thousands of terminal batches and edit bursts, but a row
 * never needs more rectangles than it has pixels.
 */
export function pixelSpans(
  spans: readonly TrackSpan[],
  start: number,
  end: number,
  width: number,
  clip = false,
): Array<{ x: number; w: number; tone: SpanTone; label: string; count: number }> {
  const scale = width / Math.max(1, end - start);
  const out: Array<{ x: number; w: number; tone: SpanTone; label: string; count: number }> = [];
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  for (const span of sorted) {
    // A zoomed-in window keeps only what overlaps it, cut at its right edge.
    if (clip && (span.from > end || span.to < start)) continue;
    const x = Math.max(0, (span.from - start) * scale);
    const full = Math.max(2, (span.to - Math.max(start, span.from)) * scale);
    const w = clip ? Math.max(2, Math.min(full, width - x)) : full;
    const last = out.at(-1);
    if (last && last.tone === span.tone && x <= last.x + last.w + 1) {
      last.w = Math.max(last.w, x + w - last.x);
      last.count++;
      continue;
    }
    out.push({ x, w, tone: span.tone, label: span.label, count: 1 });
  }
  return out;
}
