import type { AppLoadContext } from '@remix-run/node';
import { loadSessionHistory } from '../../db/history/load.ts';
import { buildReplayIndex } from '../replay/build-index.ts';
import { finalProvenance } from '../replay/provenance.ts';
import type { BridgeClient } from '../sandbox/bridge-client.server.ts';
import type { SubmissionSteps } from './submit.server.ts';

/** Per-file shares of the final code, as the candidate report shows them. */
export interface FileShares {
  path: string;
  typed: number;
  paste: number;
  aiPaste: number;
  /** Written by an interviewer pairing with the candidate (decision 027); absent in older reports. */
  interviewer?: number;
  tool: number;
  starter: number;
  total: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The provenance of the final code, from the history log. The log is written
 * in batches, so it may trail the live document by a flush interval: read it
 * until its last state equals the final files (bounded), then count.
 */
export async function provenanceOfFinalCode(
  context: AppLoadContext,
  sessionId: string,
  finalFiles: Record<string, string>,
) {
  let last: ReturnType<typeof finalProvenance> | null = null;
  for (let attempt = 0; attempt < 15; attempt++) {
    const history = await loadSessionHistory(context.services.database.db, sessionId);
    if (!history) break;
    const index = buildReplayIndex(history);
    last = finalProvenance(index);
    const state = index.stateAtStep(index.stepCount);
    const logged = Object.fromEntries(state.files.map((file) => [file.path, file.text]));
    if (sameFiles(logged, finalFiles)) break;
    await sleep(200);
  }
  if (!last) return { aiPasteChars: 0, finalChars: 0, files: [] as FileShares[] };
  // The starter code and tests the candidate received are not their code: AI
  // reliance is measured against what was written during the session.
  return {
    aiPasteChars: last.aiPasteChars,
    // Nor is what an interviewer wrote while pairing (decision 027).
    finalChars: last.total.length - last.total.byKind.starter - last.total.byKind.interviewer,
    files: last.files.map((file) => ({
      path: file.path,
      typed: file.byKind.typed,
      paste: file.byKind.paste,
      aiPaste: file.byKind['ai-paste'],
      interviewer: file.byKind.interviewer,
      tool: file.byKind.tool,
      starter: file.byKind.starter,
      total: file.length,
    })),
  };
}

function sameFiles(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** Submission's steps against the real sandbox bridge and the history log. */
export function createSubmissionSteps(bridge: BridgeClient): SubmissionSteps {
  return {
    grade: async (_context, session) => {
      const outcome = await bridge.grade({
        sessionId: session.id,
        organizationId: session.organizationId,
        problem: session.problem,
      });
      if (outcome.error || !outcome.summary) return null;
      const visible = outcome.results.filter((result) => !result.hidden);
      const hidden = outcome.results.filter((result) => result.hidden);
      return {
        visiblePassed: visible.filter((result) => result.passed).length,
        visibleTotal: visible.length,
        hiddenPassed: hidden.filter((result) => result.passed).length,
        hiddenTotal: hidden.length,
      };
    },
    archive: async (_context, session) => {
      await bridge.archive({ sessionId: session.id, organizationId: session.organizationId });
    },
    provenance: provenanceOfFinalCode,
  };
}
