import type { SessionEventRecord } from '../../protocol/events.ts';
import type { SessionHistory } from '../../protocol/history-format.ts';
import { buildReplayIndex } from '../replay/build-index.ts';
import type { ReplayIndex, SessionState } from '../replay/replay-index.ts';
import { buildTimeline, type Timeline } from '../replay/timeline.ts';

/**
 * A session's replay as the review reads it: the same index and timeline the
 * replay page builds, and the page's clock — an instant `t` is milliseconds
 * since the session started, exactly what `/candidates/:id/replay?t=` takes.
 */
export interface SessionReplay {
  index: ReplayIndex;
  timeline: Timeline;
  /** The epoch time of t = 0 (the session's start, as the replay page computes it). */
  base: number;
  /** The last instant with anything on it, as t. */
  durationMs: number;
  /** Messages between interviewers and the candidate (issue 14's room chat, `chat_message` events). */
  interviewerChat: InterviewerChatLine[];
}

/** One message of the interviewer–candidate chat. */
export interface InterviewerChatLine {
  /** Epoch ms. */
  at: number;
  from: 'interviewer' | 'candidate';
  /** Who wrote it, as the room showed it (redacted before the model sees anything). */
  authorName: string;
  text: string;
}

/**
 * The interviewer–candidate chat of a session, from its event log: the
 * `chat_message` events the app recorded (a browser cannot send that type).
 */
export function interviewerChatOf(events: readonly SessionEventRecord[]): InterviewerChatLine[] {
  const lines: InterviewerChatLine[] = [];
  for (const event of events) {
    if (event.type !== 'chat_message' || event.source !== 'server') continue;
    const text = typeof event.data.text === 'string' ? event.data.text : '';
    if (!text.trim()) continue;
    lines.push({
      at: event.at,
      from: event.data.authorRole === 'candidate' ? 'candidate' : 'interviewer',
      authorName: typeof event.data.authorName === 'string' ? event.data.authorName : '',
      text,
    });
  }
  return lines;
}

/** Indexes a history for the review. */
export function openSessionReplay(
  history: SessionHistory,
  interviewerChat: InterviewerChatLine[] = interviewerChatOf(history.events),
): SessionReplay {
  const index = buildReplayIndex(history);
  const timeline = buildTimeline(index, history);
  const base = history.meta.startedAt ?? timeline.start;
  return {
    index,
    timeline,
    base,
    durationMs: Math.max(0, timeline.end - base),
    interviewerChat,
  };
}

/** The files as the replay shows them at instant `t` (clamped to the session, as the page does). */
export function stateAtInstant(replay: SessionReplay, t: number): SessionState {
  return replay.index.stateAt(Math.max(replay.timeline.start, replay.base + t));
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]|\\r`, 'g');

/** The text an event shows in the replay's panes (terminal, tests, chat), or null for none. */
export function eventText(event: SessionEventRecord): string | null {
  const d = event.data;
  const str = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : '');
  switch (event.type) {
    case 'terminal_output':
    case 'terminal_input':
      return str('data').replace(ANSI, '');
    case 'test_result': {
      const error = str('error');
      return `${d.passed === true ? 'passed' : 'failed'}: ${str('name')}${error ? `\n${error}` : ''}`;
    }
    case 'test_run_finished':
      return `Test run: ${Number(d.passed ?? 0)}/${Number(d.total ?? 0)} passed`;
    case 'ai_turn_started':
      return str('prompt');
    case 'ai_turn_finished':
      return str('response') || str('text');
    case 'chat_message':
      // The chat pane shows the line; its author's name is not part of the quote.
      return event.source === 'server' ? str('text') : null;
    default:
      return null;
  }
}
