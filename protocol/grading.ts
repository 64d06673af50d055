import { z } from 'zod';
import { normalizeWorkspacePath } from './paths.ts';
import {
  parseReturnType,
  parseType,
  returnMismatch,
  type Signature,
  signatureSchema,
  typeMismatch,
} from './signature.ts';

/**
 * Hidden grading as data (docs/decisions/014-grading-as-data.md): each hidden
 * case is a call of the candidate's code and the value it must return. Only
 * the call (module, entry, arguments) enters the sandbox; the expected value
 * and the pass/fail decision stay in the bridge.
 */

/** A JSON value: what arguments, results and expected values are. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const COMPARE_MODES = ['exact', 'float', 'unordered'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

/** Default time one case may take, from the driver's previous answer to this one. */
export const DEFAULT_CASE_TIMEOUT_MS = 5000;
export const MAX_GRADING_CASES = 100;
/** Largest grading spec, as JSON text: it travels to the sandbox on stdin (without the expected values). */
export const MAX_GRADING_BYTES = 2 * 1024 * 1024;

const json: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(json),
    z.record(z.string(), json),
  ]),
);

const comparison = z.object({
  mode: z.enum(COMPARE_MODES, {
    message: `Comparison mode is one of ${COMPARE_MODES.join(', ')}.`,
  }),
  /** For `float`: largest accepted difference, absolute or relative to the expected value. */
  tolerance: z.number().positive().max(1).optional(),
});
export type Comparison = z.infer<typeof comparison>;

/** A method call on the instance of a `class` entry: its name, then its arguments. */
const methodCall = z
  .array(json)
  .min(1)
  .refine((call) => typeof call[0] === 'string' && /^[A-Za-z_$][\w$]*$/.test(call[0]), {
    message: 'A call starts with the method name.',
  });

const gradingCase = z.object({
  name: z.string().trim().min(1, 'A case needs a name.').max(120),
  /** Arguments of the function, or of the class's constructor. */
  args: z.array(json).max(20).default([]),
  /** For a `class` entry: the calls made on the instance; the result is the list of what they return. */
  calls: z.array(methodCall).max(10_000).optional(),
  /** What the call must return (JSON; `undefined`/`None` are `null`). */
  expected: json,
  compare: comparison.optional(),
  timeoutMs: z.number().int().min(100).max(60_000).optional(),
});
export type GradingCase = z.infer<typeof gradingCase>;

/** The hidden grading of a problem. */
export const gradingSpec = z
  .object({
    /** Workspace path of the candidate's module the driver imports (`solution.ts`). */
    module: z
      .string()
      .min(1, 'Name the module to import.')
      .transform((path, ctx) => {
        try {
          return normalizeWorkspacePath(path);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
    /** The exported function (or class) the cases call. */
    entry: z
      .string()
      .regex(/^[A-Za-z_$][\w$]*$/, 'The entry is the name of an exported function or class.'),
    kind: z.enum(['function', 'class']).default('function'),
    compare: comparison.default({ mode: 'exact' }),
    timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_CASE_TIMEOUT_MS),
    cases: z.array(gradingCase).max(MAX_GRADING_CASES, `At most ${MAX_GRADING_CASES} cases.`),
    /**
     * Parameter and result types (decision 023): what the compiled languages'
     * drivers need to call the entry. The cases stay the same for every language.
     */
    signature: signatureSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    spec.cases.forEach((entry, index) => {
      if (spec.kind === 'class' && !entry.calls) {
        ctx.addIssue({
          code: 'custom',
          path: ['cases', index, 'calls'],
          message: 'A case of a class lists the calls made on the instance.',
        });
      }
      if (spec.kind === 'function' && entry.calls) {
        ctx.addIssue({
          code: 'custom',
          path: ['cases', index, 'calls'],
          message: 'Only a class entry has calls; a function case has args.',
        });
      }
    });
    if (spec.signature) checkSignature(spec as GradingSpec, ctx);
    if (JSON.stringify(spec).length > MAX_GRADING_BYTES) {
      ctx.addIssue({ code: 'custom', message: 'The hidden cases are larger than 2 MB.' });
    }
  });

export type GradingSpec = z.infer<typeof gradingSpec>;

/** Every case's arguments and expected value have the signature's types. */
function checkSignature(spec: GradingSpec, ctx: z.RefinementCtx): void {
  const signature = spec.signature!;
  if (spec.kind === 'class') {
    checkClassCases(spec, signature, ctx);
    return;
  }
  if (!signature.returns) return; // the signature's own check says what is missing
  if (signature.methods) {
    ctx.addIssue({
      code: 'custom',
      path: ['signature', 'methods'],
      message: 'Only a class entry has methods.',
    });
    return;
  }
  const returns = parseType(signature.returns)!;
  spec.cases.forEach((entry, index) => {
    if (entry.args.length !== signature.params.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['cases', index, 'args'],
        message: `The signature has ${signature.params.length} parameters; this case passes ${entry.args.length}.`,
      });
      return;
    }
    checkArguments(signature.params, entry.args, ['cases', index, 'args'], ctx);
    const why = typeMismatch(entry.expected, returns);
    if (why) {
      ctx.addIssue({
        code: 'custom',
        path: ['cases', index, 'expected'],
        message: `The expected value ${why} (${signature.returns}).`,
      });
    }
  });
}

/** The arguments of a call have the parameters' types. */
function checkArguments(
  params: Signature['params'],
  args: Json[],
  path: Array<string | number>,
  ctx: z.RefinementCtx,
  offset = 0,
): void {
  params.forEach((param, position) => {
    const why = typeMismatch(args[position]!, parseType(param.type)!);
    if (why) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, position + offset],
        message: `${param.name} ${why} (${param.type}).`,
      });
    }
  });
}

/**
 * A class entry's cases: the constructor's arguments, each call's method and
 * arguments, and an expected list with one result per call of its method's type.
 */
function checkClassCases(spec: GradingSpec, signature: Signature, ctx: z.RefinementCtx): void {
  if (!signature.methods) {
    ctx.addIssue({
      code: 'custom',
      path: ['signature', 'methods'],
      message: 'A class signature lists the methods the calls may call.',
    });
    return;
  }
  const methods = new Map(signature.methods.map((method) => [method.name, method]));
  spec.cases.forEach((entry, index) => {
    if (entry.args.length !== signature.params.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['cases', index, 'args'],
        message: `The constructor has ${signature.params.length} parameters; this case passes ${entry.args.length}.`,
      });
      return;
    }
    checkArguments(signature.params, entry.args, ['cases', index, 'args'], ctx);
    const calls = entry.calls ?? [];
    if (!Array.isArray(entry.expected) || entry.expected.length !== calls.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['cases', index, 'expected'],
        message: `A class case expects one result per call (${calls.length}).`,
      });
      return;
    }
    const expected = entry.expected;
    for (const [position, call] of calls.entries()) {
      const [name, ...args] = call as [string, ...Json[]];
      const method = methods.get(name);
      if (!method) {
        ctx.addIssue({
          code: 'custom',
          path: ['cases', index, 'calls', position, 0],
          message: `The signature has no method ${name}.`,
        });
        return;
      }
      if (args.length !== method.params.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['cases', index, 'calls', position],
          message: `${name} has ${method.params.length} parameters; this call passes ${args.length}.`,
        });
        return;
      }
      checkArguments(method.params, args, ['cases', index, 'calls', position], ctx, 1);
      const why = returnMismatch(expected[position]!, parseReturnType(method.returns)!);
      if (why) {
        ctx.addIssue({
          code: 'custom',
          path: ['cases', index, 'expected', position],
          message: `The result of ${name} ${why} (${method.returns}).`,
        });
        return;
      }
    }
  });
}
/** A grading spec as written (defaults not applied yet). */
export type GradingSpecInput = z.input<typeof gradingSpec>;

/** What the in-sandbox driver receives on stdin: calls only, never an expected value. */
export interface DriverInput {
  nonce: string;
  module: string;
  entry: string;
  kind: 'function' | 'class';
  /** Index of the first case to run (after a case that timed out or crashed). */
  start: number;
  cases: Array<{ args: Json[]; calls?: Json[][] }>;
}

/** The calls a driver makes, stripped of everything it must not see. */
export function driverInput(spec: GradingSpec, nonce: string, start: number): DriverInput {
  return {
    nonce,
    module: spec.module,
    entry: spec.entry,
    kind: spec.kind,
    start,
    cases: spec.cases.map((entry) =>
      entry.calls ? { args: entry.args, calls: entry.calls } : { args: entry.args },
    ),
  };
}
