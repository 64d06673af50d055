import { and, eq, isNull, or } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { assessments } from '../db/schema/index.ts';
import type { AppConfig } from './config.server.ts';

/** What this server can actually offer, from its configuration. */
export interface ServerCapabilities {
  /** The AI assistant and generated variants: ANTHROPIC_API_KEY (with Anthropic or a stand-in at ANTHROPIC_BASE_URL). */
  ai: boolean;
}

export function serverCapabilities(
  config: Pick<AppConfig, 'ANTHROPIC_API_KEY'>,
): ServerCapabilities {
  return { ai: Boolean(config.ANTHROPIC_API_KEY) };
}

/** An assessment that asks for something this server lacks. */
export interface CapabilityGap {
  assessmentId: string;
  title: string;
  message: string;
}

/**
 * The organization's active assessments that use what the server cannot
 * offer, each with a sentence for the team: pages promised candidates an AI
 * assistant that the workspace then said was unavailable.
 */
export async function assessmentGaps(
  db: Database,
  organizationId: string,
  capabilities: ServerCapabilities,
): Promise<CapabilityGap[]> {
  if (capabilities.ai) return [];
  const rows = await db
    .select({
      id: assessments.id,
      title: assessments.title,
      enableAI: assessments.enableAI,
      variantPerCandidate: assessments.variantPerCandidate,
    })
    .from(assessments)
    .where(
      and(
        eq(assessments.organizationId, organizationId),
        isNull(assessments.archivedAt),
        or(eq(assessments.enableAI, true), eq(assessments.variantPerCandidate, true)),
      ),
    )
    .orderBy(assessments.title);
  return rows.map((row) => ({
    assessmentId: row.id,
    title: row.title,
    message: [
      row.enableAI ? 'offers the AI assistant' : null,
      row.variantPerCandidate ? 'gives each candidate a generated variant' : null,
    ]
      .filter(Boolean)
      .join(' and ')
      .concat(
        ', but this server has no ANTHROPIC_API_KEY: candidates will not get ',
        row.enableAI && row.variantPerCandidate ? 'either' : 'it',
        '.',
      ),
  }));
}
