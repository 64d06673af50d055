import type { StoredCitation } from '../../db/schema/reviews.ts';
import type { ReviewEvidence } from './evidence.ts';
import type { Redactor } from './redact.ts';
import { eventText, type SessionReplay, stateAtInstant } from './session-replay.ts';

/**
 * Citations are checked against the replay after the model answers: the
 * instant must lie inside the session, and the quoted text must be what the
 * replay shows at that instant — in a file then (the named one, or any), or
 * in the terminal, test, chat or note panes around it. Anything else is
 * dropped with a reason, and the score it backed is marked less supported.
 */

export type Support = 'supported' | 'less-supported' | 'unsupported';

/** How far before an instant an event still counts as shown there (the pane just received it). */
export const SHOWN_BEFORE_MS = 5000;
/** Slack after an instant: the model may round a time. */
export const SHOWN_AFTER_MS = 1000;
/** A quote shorter than this (non-blank characters) proves nothing. */
export const MIN_QUOTE_CHARS = 3;

export interface CitationCheck {
  kept: StoredCitation[];
  dropped: StoredCitation[];
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** Checks each citation; kept ones are returned as given, dropped ones with a reason. */
export function checkCitations(
  replay: SessionReplay,
  evidence: ReviewEvidence,
  redact: Redactor,
  citations: readonly StoredCitation[],
): CitationCheck {
  const kept: StoredCitation[] = [];
  const dropped: StoredCitation[] = [];
  for (const citation of citations) {
    const reason = whyInvalid(replay, evidence, redact, citation);
    if (reason) dropped.push({ ...citation, reason });
    else kept.push({ t: citation.t, quote: citation.quote, path: citation.path });
  }
  return { kept, dropped };
}

/** Supported: every citation held. Less supported: some were dropped. Unsupported: none held. */
export function supportOf(check: CitationCheck): Support {
  if (check.kept.length === 0) return 'unsupported';
  return check.dropped.length > 0 ? 'less-supported' : 'supported';
}

function whyInvalid(
  replay: SessionReplay,
  evidence: ReviewEvidence,
  redact: Redactor,
  citation: StoredCitation,
): string | null {
  const { t } = citation;
  if (!Number.isInteger(t) || t < 0 || t > replay.durationMs) {
    return `no instant ${t} in this session (0 … ${replay.durationMs} ms)`;
  }
  const quote = normalize(citation.quote);
  if (quote.replace(/ /g, '').length < MIN_QUOTE_CHARS) return 'the quote is empty or too short';
  const shown = shownAt(replay, evidence, redact, citation);
  if (shown.length === 0 && citation.path) return `no file ${citation.path} at that instant`;
  if (!shown.some((text) => normalize(text).includes(quote))) {
    return citation.path
      ? `${citation.path} does not contain the quote at that instant`
      : 'the replay does not show the quote at that instant';
  }
  return null;
}

/** The texts the replay shows at a citation's instant, redacted as the model saw them. */
function shownAt(
  replay: SessionReplay,
  evidence: ReviewEvidence,
  redact: Redactor,
  citation: StoredCitation,
): string[] {
  const { t, path } = citation;
  const files = stateAtInstant(replay, t).files.filter((file) => !path || file.path === path);
  const texts = files.map((file) => redact(file.text));
  if (path) return texts;
  const at = replay.base + t;
  for (const event of replay.timeline.events) {
    if (event.at < at - SHOWN_BEFORE_MS || event.at > at + SHOWN_AFTER_MS) continue;
    const text = eventText(event);
    if (text) texts.push(redact(text));
  }
  for (const instant of evidence.instants) {
    if (instant.text && Math.abs(instant.t - t) <= SHOWN_AFTER_MS) texts.push(instant.text);
  }
  return texts;
}
