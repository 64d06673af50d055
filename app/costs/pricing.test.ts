import { describe, expect, it } from 'vitest';
import { DEFAULT_AI_PRICING, FALLBACK_AI_PRICE, priceInterview } from './pricing.ts';

const rates = {
  aiPricing: DEFAULT_AI_PRICING,
  sandboxPerMinute: 0.0055,
  archivePerGbMonth: 0.023,
  archiveMonths: 1,
};

describe('pricing an interview', () => {
  it('prices tokens per model, sandbox minutes and archive storage', () => {
    const cost = priceInterview(
      {
        tokens: [
          { model: 'claude-sonnet-5-5', inputTokens: 100_000, outputTokens: 10_000 },
          { model: 'claude-haiku-4-5', inputTokens: 1_000_000, outputTokens: 0 },
        ],
        sandboxSeconds: 90 * 60,
        archiveBytes: 5e6,
      },
      rates,
    );
    expect(cost.ai).toBeCloseTo(0.3 + 0.15 + 1, 6);
    expect(cost.sandbox).toBeCloseTo(0.495, 6);
    expect(cost.archive).toBeCloseTo(0.000115, 9);
    expect(cost.total).toBeCloseTo(cost.ai + cost.sandbox + cost.archive, 9);
  });

  it('never understates an unknown model', () => {
    const cost = priceInterview(
      {
        tokens: [{ model: 'mystery', inputTokens: 1e6, outputTokens: 1e6 }],
        sandboxSeconds: 0,
        archiveBytes: 0,
      },
      rates,
    );
    expect(cost.ai).toBe(FALLBACK_AI_PRICE.input + FALLBACK_AI_PRICE.output);
  });
});
