/** USD per million tokens, by model; AI_PRICING overrides or adds entries. */
export const DEFAULT_AI_PRICING: Record<string, { input: number; output: number }> = {
  'claude-sonnet-5-5': { input: 3, output: 15 },
  'claude-sonnet-5': { input: 3, output: 15 },
  'claude-sonnet-4-6': { input: 3, output: 15 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-opus-5-5': { input: 15, output: 75 },
  'claude-opus-4-8': { input: 15, output: 75 },
  'claude-haiku-5-5': { input: 1, output: 5 },
  'claude-haiku-4-5': { input: 1, output: 5 },
};

/** Price used for a model that is in no table: the most expensive known, so costs are never understated. */
export const FALLBACK_AI_PRICE = { input: 15, output: 75 };

export interface CostRates {
  aiPricing: Record<string, { input: number; output: number }>;
  sandboxPerMinute: number;
  archivePerGbMonth: number;
  /** Months an archive is kept (ARCHIVE_RETENTION_DAYS / 30). */
  archiveMonths: number;
}

export interface CostInputs {
  tokens: Array<{ model: string; inputTokens: number; outputTokens: number }>;
  sandboxSeconds: number;
  archiveBytes: number;
}

export interface CostBreakdown {
  ai: number;
  sandbox: number;
  archive: number;
  total: number;
}

/** What an interview cost, in USD, from its recorded usage. */
export function priceInterview(inputs: CostInputs, rates: CostRates): CostBreakdown {
  let ai = 0;
  for (const usage of inputs.tokens) {
    const price = rates.aiPricing[usage.model] ?? FALLBACK_AI_PRICE;
    ai += (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
  }
  const sandbox = (inputs.sandboxSeconds / 60) * rates.sandboxPerMinute;
  const archive = (inputs.archiveBytes / 1e9) * rates.archivePerGbMonth * rates.archiveMonths;
  return { ai, sandbox, archive, total: ai + sandbox + archive };
}
