import type { AppLoadContext } from '@remix-run/node';
import { LANGUAGE_LABELS } from '../../protocol/problems.ts';
import { initializeInterview } from './initialize.server.ts';
import { allowedLanguages } from './language-choice.ts';
import { loadInterview } from './lookup.server.ts';

/** Initializes a candidate's interview with the services this app talks to (the sandbox bridge). */
export function startInterview(context: AppLoadContext, candidateId: string, language?: unknown) {
  return initializeInterview(context, candidateId, {
    language,
    startSandbox: async (sessionId, organizationId) =>
      context.services.bridge.startSandbox({ sessionId, organizationId }),
  });
}

/** The languages a candidate who has not started yet may pick (decision 023), with their labels. */
export async function languageChoices(context: AppLoadContext, candidateId: string | null) {
  if (!candidateId) return [];
  const interview = await loadInterview(context.services.database.db, candidateId);
  if (!interview?.problem) return [];
  return allowedLanguages(interview.assessment.languages, interview.problem).map((id) => ({
    id,
    label: LANGUAGE_LABELS[id],
  }));
}
