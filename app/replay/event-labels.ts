import type { SessionEventRecord } from '../../protocol/events.ts';
import { PROBLEM_SWITCHED } from '../../protocol/problem-sequence.ts';
import { LANGUAGE_LABELS, type Language } from '../../protocol/problems.ts';

const languageName = (id: string) => LANGUAGE_LABELS[id as Language] ?? id;

/**
 * One line of text per session event: what the timeline shows on hover and
 * what the replay's search box matches ("test passed", a word of a chat turn).
 */
export function describeEvent(event: SessionEventRecord): string {
  const d = event.data;
  const str = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : '');
  const num = (key: string) => (typeof d[key] === 'number' ? (d[key] as number) : 0);
  switch (event.type) {
    case 'focus':
      return d.focused === false ? 'Focus lost' : 'Focus back';
    case 'visibility':
      return d.visible === false ? 'Tab hidden' : 'Tab visible';
    case 'paste':
      return `Pasted ${num('length')} characters${d.fromAI === true ? ' from the AI' : ''} into ${str('path')}`;
    case 'copy':
      return `Copied ${num('length')} characters`;
    case 'file_open':
      return `Opened ${str('path')}`;
    case 'shortcut':
      return `Shortcut ${str('key')}`;
    case 'session_started':
      return 'Session started';
    case 'session_resumed':
      return 'Session resumed';
    case 'session_submitted':
      return 'Session submitted';
    case 'terminal_input':
      return `Terminal input: ${clip(str('data'))}`;
    case 'terminal_output':
      return `Terminal output: ${clip(str('data'))}`;
    case 'terminal_resize':
      return 'Terminal resized';
    case 'test_run_started':
      return `Test run started (${str('kind') || 'visible'}, ${num('total')} tests)`;
    case 'test_result':
      return `Test ${d.passed === true ? 'passed' : 'failed'}: ${str('name')}`;
    case 'test_run_finished':
      return `Test run finished: ${num('passed')}/${num('total')} passed`;
    case 'ai_turn_started':
      return `AI prompt: ${clip(str('prompt'))}`;
    case 'ai_turn_finished':
      // The assistant records `response`; `text` is what early recordings used.
      return `AI answer: ${clip(str('response') || str('text'))}`;
    case 'file_written_by_tool':
      return `File written by a tool: ${str('path')}`;
    case 'timer_warning':
      return 'Time warning';
    case 'room_changed':
      return describeRoomEvent(str('event'));
    case 'chat_message':
      return `Chat, ${str('authorName')}: ${clip(str('text'))}`;
    case PROBLEM_SWITCHED:
      return `${d.reason === 'submitted' ? 'Problem done; moved' : 'Moved'} to problem ${num('to') + 1}: ${str('title')}`;
    case 'language_switched':
      return `Switched language from ${languageName(str('from'))} to ${languageName(str('to'))}${d.restored ? ' (earlier work restored)' : ''}`;
    default:
      return String(event.type).replace(/_/g, ' ');
  }
}

const roomEventLabels: Record<string, string> = {
  'session.started': 'Session started',
  'session.paused': 'Paused by the hiring team',
  'session.resumed': 'Resumed by the hiring team',
  'time.extended': 'Time extended',
  'session.submitted': 'Session submitted',
  'time.up': 'Time up',
  'problem.switched': 'Problem switched',
  'link.reissued': 'New invitation link sent',
};

function describeRoomEvent(event: string): string {
  return roomEventLabels[event] ?? `Room: ${event}`;
}

/** Whether an event means the candidate left the editor. */
export function isFocusLoss(event: SessionEventRecord): boolean {
  return (
    (event.type === 'focus' && event.data.focused === false) ||
    (event.type === 'visibility' && event.data.visible === false)
  );
}

function clip(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
