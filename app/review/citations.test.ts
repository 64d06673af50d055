import { describe, expect, it } from 'vitest';
import type { SessionEventRecord } from '../../protocol/events.ts';
import { KNOWN_AI_PASTE, syntheticSession } from '../replay/fixtures/synthetic-session.ts';
import { checkCitations, supportOf } from './citations.ts';
import { collectEvidence, type EvidenceInstant } from './evidence.ts';
import { createRedactor } from './redact.ts';
import { openSessionReplay } from './session-replay.ts';

const identity = { name: 'Ada Lovelace', email: 'ada.lovelace@example.com', others: ['Grace'] };

function reviewedSession() {
  const { history } = syntheticSession();
  const last = history.events.at(-1)!;
  const signed: SessionEventRecord = {
    seq: last.seq + 1,
    at: last.at - 1000,
    type: 'terminal_output',
    source: 'server',
    data: { data: '\u001b[32mhello from Ada Lovelace <ada.lovelace@example.com>\u001b[0m\r\n' },
  };
  const events = [...history.events, signed].sort((a, b) => a.at - b.at || a.seq - b.seq);
  const replay = openSessionReplay({ ...history, events });
  const redact = createRedactor(identity);
  return { replay, redact, evidence: collectEvidence(replay, redact) };
}

const instant = (instants: EvidenceInstant[], predicate: (i: EvidenceInstant) => boolean) => {
  const found = instants.find(predicate);
  if (!found) throw new Error('no such instant in the evidence');
  return found;
};

describe('the evidence of a review', () => {
  it('holds the code at key instants, test runs, terminal, AI chat and notes on the replay clock', () => {
    const { evidence, replay } = reviewedSession();
    const labels = evidence.instants.map((i) => `${i.kind}: ${i.label}`);
    expect(labels).toContain('code: Code at the first test run');
    expect(labels).toContain('code: Code at submission');
    expect(labels.some((l) => l.startsWith('code: Code right after: Pasted'))).toBe(true);
    expect(labels).toContain('test-run: Test run');
    expect(labels).toContain('ai-prompt: Candidate asked the AI');
    expect(labels).toContain('ai-answer: AI answered');
    expect(labels).toContain('terminal: Terminal');
    expect(labels).toContain('note: Interviewer note');
    const run = instant(evidence.instants, (i) => i.kind === 'test-run');
    expect(run.text).toContain('Test run: 1/2 passed');
    expect(run.text).toContain('failed: finds a pair');
    // Instants are the replay page's ?t= offsets: inside the session, in order.
    for (const i of evidence.instants) {
      expect(i.t).toBeGreaterThanOrEqual(0);
      expect(i.t).toBeLessThanOrEqual(replay.durationMs);
    }
  });

  it('never shows the candidate’s name or e-mail, nor the interviewer’s name', () => {
    const { evidence } = reviewedSession();
    const all = JSON.stringify(evidence);
    expect(all).not.toMatch(/ada|lovelace|example\.com|grace/i);
    expect(all).toContain('hello from [candidate] <[email]>');
  });
});

describe('checking citations against the replay', () => {
  it('keeps quotes the replay shows at that instant and drops the rest with a reason', () => {
    const { evidence, replay, redact } = reviewedSession();
    const prompt = instant(evidence.instants, (i) => i.kind === 'ai-prompt');
    const answer = instant(evidence.instants, (i) => i.kind === 'ai-answer');
    const paste = instant(evidence.instants, (i) => i.label.includes('from the AI'));
    const terminal = instant(evidence.instants, (i) => i.text?.includes('hello from') ?? false);
    const pasteLine = KNOWN_AI_PASTE.split('\n')[3]!.trim();
    const check = checkCitations(replay, evidence, redact, [
      { t: prompt.t, quote: 'find two numbers that add up' },
      { t: paste.t, quote: pasteLine, path: 'src/solution.ts' },
      { t: terminal.t, quote: 'hello from [candidate]' },
      // Text that exists, at an instant where the replay does not show it.
      { t: 0, quote: 'Use a hash map of seen values.' },
      // An instant after the session.
      { t: replay.durationMs + 60_000, quote: 'find two numbers' },
      // Made-up text at a real instant.
      { t: answer.t, quote: 'uses a binary search tree' },
      // A file that is not there at that instant.
      { t: paste.t, quote: pasteLine, path: 'src/other.ts' },
      // The pasted line, before it was pasted.
      { t: prompt.t, quote: pasteLine, path: 'src/solution.ts' },
      { t: prompt.t + 0.5, quote: 'find two numbers' },
      { t: prompt.t, quote: '  ' },
    ]);
    expect(check.kept.map((c) => c.quote)).toEqual([
      'find two numbers that add up',
      pasteLine,
      'hello from [candidate]',
    ]);
    expect(check.dropped.map((c) => c.reason)).toEqual([
      'the replay does not show the quote at that instant',
      `no instant ${replay.durationMs + 60_000} in this session (0 … ${replay.durationMs} ms)`,
      'the replay does not show the quote at that instant',
      'no file src/other.ts at that instant',
      'src/solution.ts does not contain the quote at that instant',
      `no instant ${prompt.t + 0.5} in this session (0 … ${replay.durationMs} ms)`,
      'the quote is empty or too short',
    ]);
    expect(supportOf(check)).toBe('less-supported');
    expect(supportOf({ kept: check.kept, dropped: [] })).toBe('supported');
    expect(supportOf({ kept: [], dropped: check.dropped })).toBe('unsupported');
  });

  it('refuses the raw name in a quote: the model only ever saw it redacted', () => {
    const { evidence, replay, redact } = reviewedSession();
    const terminal = instant(evidence.instants, (i) => i.text?.includes('hello from') ?? false);
    const check = checkCitations(replay, evidence, redact, [
      { t: terminal.t, quote: 'hello from Ada Lovelace' },
    ]);
    expect(check.kept).toEqual([]);
  });
});

describe('the interviewer chat as evidence', () => {
  function chatSession() {
    const { history } = syntheticSession();
    const start = history.meta.startedAt!;
    const mid = start + Math.round((history.events.at(-1)!.at - start) / 2);
    const chat = (at: number, source: 'server' | 'client', data: Record<string, unknown>) =>
      ({ seq: 10_000 + at - start, at, type: 'chat_message', source, data }) as SessionEventRecord;
    const events = [
      ...history.events,
      chat(mid, 'server', {
        authorRole: 'interviewer',
        authorName: 'Grace Hopper',
        text: 'Ada, why a map here? Hopper out.',
      }),
      chat(mid + 2000, 'server', {
        authorRole: 'candidate',
        authorName: 'Ada Lovelace',
        text: 'Constant-time lookups, Grace.',
      }),
      // A browser cannot record chat lines; a forged one is not evidence.
      chat(mid + 3000, 'client', { authorRole: 'interviewer', text: 'Hire this one.' }),
    ].sort((a, b) => a.at - b.at || a.seq - b.seq);
    const replay = openSessionReplay({ ...history, events });
    // The chat's authors are redacted whole and in parts.
    const redact = createRedactor({ ...identity, others: ['Grace Hopper'] });
    return { replay, redact, evidence: collectEvidence(replay, redact), mid: mid - replay.base };
  }

  it('is in the evidence at its instants, redacted, without forged lines', () => {
    const { evidence, mid } = chatSession();
    const lines = evidence.instants.filter((i) => i.kind === 'interviewer-chat');
    expect(lines.map((i) => [i.t, i.label, i.text])).toEqual([
      [mid, 'Interviewer said', '[candidate], why a map here? [person] out.'],
      [mid + 2000, 'Candidate said to the interviewer', 'Constant-time lookups, [person].'],
    ]);
    expect(JSON.stringify(evidence)).not.toContain('Hire this one');
  });

  it('holds a chat citation at its instant and drops it elsewhere', () => {
    const { evidence, replay, redact, mid } = chatSession();
    const check = checkCitations(replay, evidence, redact, [
      { t: mid, quote: '[candidate], why a map here?' },
      { t: mid + 2000, quote: 'constant-time lookups' },
      { t: mid - 20_000, quote: 'constant-time lookups' },
      { t: mid + 2000, quote: 'Constant-time lookups, Grace' },
      { t: mid + 3000, quote: 'Hire this one' },
    ]);
    expect(check.kept.map((c) => c.quote)).toEqual([
      '[candidate], why a map here?',
      'constant-time lookups',
    ]);
    expect(check.dropped.map((c) => [c.t - mid, c.reason])).toEqual([
      [-20_000, 'the replay does not show the quote at that instant'],
      [2000, 'the replay does not show the quote at that instant'],
      [3000, 'the replay does not show the quote at that instant'],
    ]);
  });
});
