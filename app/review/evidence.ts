import type { SessionEventRecord } from '../../protocol/events.ts';
import type { Redactor } from './redact.ts';
import { eventText, type SessionReplay, stateAtInstant } from './session-replay.ts';

/**
 * What the model reads: instants of the replay, each with the text the
 * replay shows there. Code at key instants (first test run, first passing
 * run, long pastes, submission), test runs, terminal output, the AI chat,
 * interviewer notes and chat. Everything passes through the redactor.
 */

export type InstantKind =
  | 'code'
  | 'test-run'
  | 'terminal'
  | 'ai-prompt'
  | 'ai-answer'
  | 'note'
  | 'interviewer-chat';

export interface EvidenceInstant {
  /** Ms since the session started: the replay's `?t=`. */
  t: number;
  kind: InstantKind;
  label: string;
  /** Code instants: one entry per file. */
  files?: Array<{ path: string; text: string }>;
  text?: string;
}

export interface ReviewEvidence {
  durationMs: number;
  instants: EvidenceInstant[];
}

/** Limits that keep a request bounded whatever the session holds. */
export const EVIDENCE_LIMITS = {
  fileChars: 6000,
  longPastes: 5,
  /** Terminal events closer than this (from the first of a block) form one block. */
  terminalBlockMs: 4000,
  terminalBlockChars: 2000,
  terminalChars: 12_000,
  chatChars: 2000,
};

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;

/** Collects the evidence of one session, redacted. */
export function collectEvidence(replay: SessionReplay, redact: Redactor): ReviewEvidence {
  const instants = [
    ...codeInstants(replay, redact),
    ...eventInstants(replay, redact),
    ...replay.timeline.notes.map((note) => ({
      t: note.at - replay.base,
      kind: 'note' as const,
      label: 'Interviewer note',
      text: redact(note.text),
    })),
    ...replay.interviewerChat.map((line) => ({
      t: line.at - replay.base,
      kind: 'interviewer-chat' as const,
      label: line.from === 'interviewer' ? 'Interviewer said' : 'Candidate said to the interviewer',
      text: redact(clip(line.text, EVIDENCE_LIMITS.chatChars)),
    })),
  ].sort((a, b) => a.t - b.t);
  return { durationMs: replay.durationMs, instants };
}

/** The instants whose code the model sees, with why each matters. */
export function keyCodeInstants(replay: SessionReplay): Array<{ t: number; label: string }> {
  const { timeline, base } = replay;
  const events = timeline.events;
  const keys: Array<{ t: number; label: string }> = [];
  const firstRun = events.find(
    (e) => e.type === 'test_run_started' && (e.data.kind ?? 'visible') === 'visible',
  );
  if (firstRun) keys.push({ t: firstRun.at - base, label: 'Code at the first test run' });
  const firstPass = events.find(
    (e) =>
      e.type === 'test_run_finished' &&
      Number(e.data.total) > 0 &&
      e.data.passed === e.data.total &&
      (e.data.kind ?? 'visible') === 'visible',
  );
  if (firstPass) keys.push({ t: firstPass.at - base, label: 'Code at the first passing run' });
  for (const marker of timeline.markers
    .filter((m) => m.kind === 'long-paste')
    .slice(0, EVIDENCE_LIMITS.longPastes)) {
    keys.push({ t: marker.at - base, label: `Code right after: ${marker.label}` });
  }
  const submitted = events.find((e) => e.type === 'session_submitted')?.at;
  keys.push({
    t: (submitted ?? replay.index.meta.endedAt ?? replay.index.endTime) - base,
    label: 'Code at submission',
  });
  // Two reasons for one instant (the first run passed): one entry, the first reason.
  const byInstant = new Map<number, { t: number; label: string }>();
  for (const key of keys) if (!byInstant.has(key.t)) byInstant.set(key.t, key);
  return [...byInstant.values()].sort((a, b) => a.t - b.t);
}

function codeInstants(replay: SessionReplay, redact: Redactor): EvidenceInstant[] {
  return keyCodeInstants(replay).map(({ t, label }) => ({
    t,
    kind: 'code',
    label,
    files: stateAtInstant(replay, t).files.map((file) => ({
      path: file.path,
      text: redact(clip(file.text, EVIDENCE_LIMITS.fileChars)),
    })),
  }));
}

function eventInstants(replay: SessionReplay, redact: Redactor): EvidenceInstant[] {
  const out: EvidenceInstant[] = [];
  const { base } = replay;
  const results = new Map<string, string[]>();
  let terminalChars = 0;
  let block: { first: number; last: number; text: string } | null = null;
  const closeBlock = () => {
    if (block && terminalChars < EVIDENCE_LIMITS.terminalChars && block.text.trim()) {
      const text = clip(block.text, EVIDENCE_LIMITS.terminalBlockChars);
      terminalChars += text.length;
      // The block's last event: by then the replay's terminal shows all of it.
      out.push({ t: block.last - base, kind: 'terminal', label: 'Terminal', text: redact(text) });
    }
    block = null;
  };
  for (const event of replay.timeline.events as SessionEventRecord[]) {
    const text = eventText(event);
    if (text === null) continue;
    if (event.type === 'terminal_output' || event.type === 'terminal_input') {
      if (block && event.at - block.first > EVIDENCE_LIMITS.terminalBlockMs) closeBlock();
      block ??= { first: event.at, last: event.at, text: '' };
      block.last = event.at;
      block.text += text;
      continue;
    }
    const t = event.at - base;
    if (event.type === 'test_result') {
      const runId = String(event.data.runId ?? '');
      results.set(runId, [...(results.get(runId) ?? []), text]);
    } else if (event.type === 'test_run_finished') {
      const lines = results.get(String(event.data.runId ?? '')) ?? [];
      const kind = String(event.data.kind ?? 'visible');
      out.push({
        t,
        kind: 'test-run',
        label: kind === 'visible' ? 'Test run' : `Test run (${kind})`,
        text: redact([text, ...lines].join('\n')),
      });
    } else if (event.type === 'ai_turn_started') {
      out.push({
        t,
        kind: 'ai-prompt',
        label: 'Candidate asked the AI',
        text: redact(clip(text, EVIDENCE_LIMITS.chatChars)),
      });
    } else if (event.type === 'ai_turn_finished') {
      out.push({
        t,
        kind: 'ai-answer',
        label: 'AI answered',
        text: redact(clip(text, EVIDENCE_LIMITS.chatChars)),
      });
    }
  }
  closeBlock();
  return out;
}
