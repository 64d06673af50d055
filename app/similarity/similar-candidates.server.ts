// Which other candidates of the same problem handed in code like this
// candidate's, with the passages side by side, for the candidate page and the
// comparison.
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Database } from '../../db/client.ts';
import { loadDocumentState } from '../../db/history/document-state.ts';
import { loadSessionHistory } from '../../db/history/load.ts';
import { candidates, interviewSessions, problems } from '../../db/schema/index.ts';
import { SESSION_DOC, sessionDocumentName } from '../../protocol/documents.ts';
import { isPreviousAttempt } from '../../protocol/language-versions.ts';
import { buildReplayIndex } from '../replay/build-index.ts';
import { finalProvenance, type ProvenanceRun } from '../replay/provenance.ts';
import { findSimilar, type Passage, type SourceFile } from './compare.ts';

/** How many earlier submissions one candidate is compared with (the most recent). */
export const MAX_COMPARED = 500;

/** A passage with the lines it covers, for showing side by side. */
export interface QuotedPassage extends Passage {
  text: string;
  /** Share (0–1) of the passage's characters pasted from the AI assistant, by provenance. */
  fromAi: number;
}

/** Flagged matches whose provenance is looked up (it replays the whole session). */
export const MAX_PROVENANCE = 5;

export interface SimilarCandidate {
  candidateId: string;
  name: string;
  score: number;
  flagged: boolean;
  passages: { mine: QuotedPassage; theirs: QuotedPassage }[];
}

export interface SimilarityReport {
  /** Submissions of the same problem (or of its variants) this one was compared with. */
  compared: number;
  matches: SimilarCandidate[];
}

// A submitted document never changes again: its files are read once per process.
const finalFilesCache = new Map<string, SourceFile[]>();

/** The final files of an ended session's document as the database holds them. */
export async function finalFiles(db: Database, sessionId: string): Promise<SourceFile[]> {
  const cached = finalFilesCache.get(sessionId);
  if (cached) return cached;
  const state = await loadDocumentState(db, sessionDocumentName(sessionId));
  const files: SourceFile[] = [];
  if (state) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    for (const [path, value] of doc.getMap(SESSION_DOC.files)) {
      // An attempt a language switch put aside is not what the candidate handed in.
      if (value instanceof Y.Text && !isPreviousAttempt(path)) {
        files.push({ path, text: value.toString() });
      }
    }
    doc.destroy();
  }
  if (finalFilesCache.size >= MAX_COMPARED * 2) finalFilesCache.clear();
  finalFilesCache.set(sessionId, files);
  return files;
}

/** Per final file, the runs of text pasted from the AI assistant. */
export type AiRuns = Map<string, ProvenanceRun[]>;
const aiRunsCache = new Map<string, AiRuns>();

/** The runs of each final file that came from the AI assistant, from the session's history. */
export async function aiRunsOf(db: Database, sessionId: string): Promise<AiRuns> {
  const cached = aiRunsCache.get(sessionId);
  if (cached) return cached;
  const history = await loadSessionHistory(db, sessionId);
  const runs: AiRuns = new Map();
  if (history) {
    for (const file of finalProvenance(buildReplayIndex(history)).files) {
      runs.set(
        file.path,
        file.runs.filter((run) => run.kind === 'ai-paste'),
      );
    }
  }
  if (aiRunsCache.size >= MAX_COMPARED) aiRunsCache.clear();
  aiRunsCache.set(sessionId, runs);
  return runs;
}

/** The lines of a passage, and the share of them that came from the AI assistant. */
export function quote(files: SourceFile[], passage: Passage, aiRuns?: AiRuns): QuotedPassage {
  const text = files.find((file) => file.path === passage.path)?.text ?? '';
  const lines = text.split('\n');
  const start =
    lines.slice(0, passage.startLine - 1).join('\n').length + (passage.startLine > 1 ? 1 : 0);
  const quoted = lines.slice(passage.startLine - 1, passage.endLine).join('\n');
  const end = start + quoted.length;
  let fromAi = 0;
  for (const run of aiRuns?.get(passage.path) ?? []) {
    fromAi += Math.max(0, Math.min(end, run.start + run.length) - Math.max(start, run.start));
  }
  return { ...passage, text: quoted, fromAi: quoted.length === 0 ? 0 : fromAi / quoted.length };
}

/**
 * The candidate's submission against every other ended submission of the same
 * problem family (a generated variant counts as its parent) in the
 * organization. The files the candidates were given are left out. Null when
 * the candidate has no ended session.
 */
export async function similarCandidates(
  db: Database,
  organizationId: string,
  candidateId: string,
): Promise<SimilarityReport | null> {
  const family = sql<string>`coalesce(${problems.parentProblemId}, ${problems.id})`;
  const [own] = await db
    .select({
      sessionId: interviewSessions.id,
      family,
      status: interviewSessions.status,
      starterFiles: problems.starterFiles,
      visibleTests: problems.visibleTests,
    })
    .from(interviewSessions)
    .innerJoin(problems, eq(problems.id, interviewSessions.problemId))
    .where(
      and(
        eq(interviewSessions.candidateId, candidateId),
        eq(interviewSessions.organizationId, organizationId),
      ),
    );
  if (!own || own.status === 'ACTIVE' || own.status === 'PAUSED') return null;
  const others = await db
    .select({
      sessionId: interviewSessions.id,
      candidateId: candidates.id,
      name: candidates.name,
      starterFiles: problems.starterFiles,
      visibleTests: problems.visibleTests,
    })
    .from(interviewSessions)
    .innerJoin(problems, eq(problems.id, interviewSessions.problemId))
    .innerJoin(candidates, eq(candidates.id, interviewSessions.candidateId))
    .where(
      and(
        eq(interviewSessions.organizationId, organizationId),
        inArray(interviewSessions.status, ['COMPLETED', 'EXPIRED']),
        ne(interviewSessions.id, own.sessionId),
        sql`${family} = ${own.family}`,
      ),
    )
    .orderBy(desc(interviewSessions.endedAt))
    .limit(MAX_COMPARED);

  const mine = await finalFiles(db, own.sessionId);
  const theirs = new Map<string, SourceFile[]>();
  for (const other of others) theirs.set(other.sessionId, await finalFiles(db, other.sessionId));
  // Every variant's given files: a candidate never copied what they were handed.
  const given = [own, ...others].flatMap((row) => [...row.starterFiles, ...row.visibleTests]);
  const pairs = findSimilar(
    [
      { id: own.sessionId, files: mine },
      ...others.map((other) => ({ id: other.sessionId, files: theirs.get(other.sessionId)! })),
    ],
    { excluded: given.map((file) => ({ path: file.path, text: file.content })) },
  );
  const bySession = new Map(others.map((other) => [other.sessionId, other]));
  const ownPairs = pairs.filter((pair) => pair.a === own.sessionId || pair.b === own.sessionId);
  // Two candidates who pasted the same AI answer did not copy each other: provenance says so.
  const flaggedIds = ownPairs
    .filter((pair) => pair.flagged)
    .slice(0, MAX_PROVENANCE)
    .map((pair) => (pair.a === own.sessionId ? pair.b : pair.a));
  const aiRuns = new Map<string, AiRuns>();
  if (flaggedIds.length > 0) {
    for (const id of [own.sessionId, ...flaggedIds]) aiRuns.set(id, await aiRunsOf(db, id));
  }
  const matches = ownPairs.map((pair): SimilarCandidate => {
    const mineFirst = pair.a === own.sessionId;
    const otherId = mineFirst ? pair.b : pair.a;
    const other = bySession.get(otherId)!;
    const otherFiles = theirs.get(otherId)!;
    return {
      candidateId: other.candidateId,
      name: other.name,
      score: pair.score,
      flagged: pair.flagged,
      passages: pair.passages.map((p) => ({
        mine: quote(mine, mineFirst ? p.a : p.b, aiRuns.get(own.sessionId)),
        theirs: quote(otherFiles, mineFirst ? p.b : p.a, aiRuns.get(otherId)),
      })),
    };
  });
  return { compared: others.length, matches };
}
