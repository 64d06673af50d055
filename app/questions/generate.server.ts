import type { AppLoadContext } from '@remix-run/node';
import { gradingIn, problemIn, problemLanguages } from '../../protocol/language-versions.ts';
import type { Language } from '../../protocol/problems.ts';
import { createAnthropicClient } from '../ai/chat.server.ts';
import { type ProblemInput, problemInput } from './problem-input.ts';
import { codeUnderTest } from './try-request.ts';
import { readTestStreamSummary } from './try-summary.server.ts';

export type VariantOutcome =
  | { ok: true; problem: ProblemInput; passed: number; total: number }
  | { ok: false; code: string; message: string };

const PROMPT = `You write coding-interview problems. Write ONE variant of the problem below: the
same language, skill and difficulty, but a different task (other names, data and
expected results), so that a candidate who saw the original gains nothing.

Answer with only a JSON object with these fields: title, description (Markdown),
difficulty, category, tags, language, estimatedMinutes, starterFiles, visibleTests,
grading, referenceSolution. Files are {"path", "content"}. Visible tests use the same
framework and file layout as the original. "grading" holds the hidden cases as data,
in the original's shape: {"module", "entry", "kind", "cases": [{"name", "args",
"expected"}]} (a class entry's cases also list "calls": [["method", ...args]] and
expect the list of what they return; when the original's grading has a "signature"
of parameter and result types, keep one that fits the new cases). When the original
has "languageVersions", give the variant a version in each of those languages, in
the same shape ({"module", "starterFiles", "visibleTests", "referenceSolution"}),
called by the same hidden cases. Every reference solution must pass every visible
test and hidden case; the starter code must not.

The original, as JSON:
`;

/** Largest hidden case shown to the model as an example of the shape. */
const PROMPT_CASE_CHARS = 2000;

/** The original as the model sees it: large hidden cases (a 50,000-number input) left out. */
function promptView(original: ProblemInput): ProblemInput {
  if (!original.grading) return original;
  const cases = original.grading.cases.filter(
    (entry) => JSON.stringify(entry).length <= PROMPT_CASE_CHARS,
  );
  return { ...original, grading: { ...original.grading, cases } };
}

/** The first JSON object in a model's answer (it may wrap it in prose or a fence). */
function extractJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
}

/**
 * Asks the assistant for a variant of a problem, and keeps it only when it is
 * well-formed and its reference solution passes all of its own tests in a
 * sandbox — a generated question is validated before anyone sees it.
 */
export async function generateVariant(
  context: AppLoadContext,
  organizationId: string,
  original: ProblemInput,
): Promise<VariantOutcome> {
  const client = createAnthropicClient(context);
  if (!client)
    return { ok: false, code: 'AI_UNAVAILABLE', message: 'Generation needs ANTHROPIC_API_KEY.' };
  const model = context.services.config.ANTHROPIC_MODEL;
  const started = performance.now();
  const call = { purpose: 'variant', model } as const;
  const message = await client.messages
    .create({
      model,
      max_tokens: 4000,
      messages: [{ role: 'user', content: PROMPT + JSON.stringify(promptView(original), null, 2) }],
    })
    .catch((error: unknown) => {
      const seconds = (performance.now() - started) / 1000;
      context.services.metrics.aiCall({
        ...call,
        inputTokens: 0,
        outputTokens: 0,
        seconds,
        outcome: 'error',
      });
      throw error;
    });
  context.services.metrics.aiCall({
    ...call,
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
    seconds: (performance.now() - started) / 1000,
    outcome: 'ok',
  });
  const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  const parsed = problemInput.safeParse(extractJson(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      code: 'VARIANT_MALFORMED',
      message: `The generated problem was not usable (${issue?.path.join('.') || 'answer'}: ${issue?.message ?? 'not JSON'}).`,
    };
  }
  const variant = { ...parsed.data, language: original.language };
  if (!variant.referenceSolution?.length) {
    return {
      ok: false,
      code: 'VARIANT_MALFORMED',
      message: 'The generated problem has no reference solution.',
    };
  }
  if (original.grading?.cases.length && !variant.grading?.cases.length) {
    return {
      ok: false,
      code: 'VARIANT_MALFORMED',
      message: 'The generated problem has no hidden cases (grading.cases).',
    };
  }
  const wanted = Object.keys(original.languageVersions ?? {}) as Language[];
  const missing = wanted.filter((language) => !variant.languageVersions?.[language]);
  if (missing.length > 0) {
    return {
      ok: false,
      code: 'VARIANT_MALFORMED',
      message: `The generated problem has no version in ${missing.join(', ')} (languageVersions).`,
    };
  }
  // Every language's reference must pass: the same hidden cases, each language's own files.
  let passed = 0;
  let total = 0;
  for (const language of problemLanguages(variant)) {
    const files = problemIn(variant, language)!;
    const stream = await context.services.bridge.tryProblem(organizationId, {
      language,
      files: codeUnderTest({ ...files, grading: null }),
      visibleTests: files.visibleTests,
      grading: variant.grading ? gradingIn(variant, variant.grading, language) : null,
    });
    const summary = await readTestStreamSummary(stream);
    if (!summary || summary.total === 0 || summary.passed !== summary.total) {
      return {
        ok: false,
        code: 'VARIANT_FAILS_ITS_TESTS',
        message: summary
          ? `The generated ${language} reference solution passed ${summary.passed} of ${summary.total} tests; nothing was saved.`
          : `The generated ${language} tests did not run; nothing was saved.`,
      };
    }
    passed += summary.passed;
    total += summary.total;
  }
  return { ok: true, problem: variant, passed, total };
}
