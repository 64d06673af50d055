import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GradingSpec, Json } from '../../../../protocol/grading.ts';
import type { CompiledLanguage } from '../../../../protocol/problems.ts';
import {
  encodeValue,
  parseType,
  type Signature,
  type ValueType,
} from '../../../../protocol/signature.ts';
import { cppDriver } from './cpp.ts';
import { goDriver } from './go.ts';
import { javaDriver } from './java.ts';
import { rustDriver } from './rust.ts';
import type { DriverSource, DriverTarget } from './types.ts';

const LAUNCHER = readFileSync(join(import.meta.dirname, '..', 'compiled-launcher.mjs'), 'utf8');

const GENERATORS: Record<CompiledLanguage, (target: DriverTarget) => DriverSource> = {
  java: javaDriver,
  cpp: cppDriver,
  go: goDriver,
  rust: rustDriver,
};

/** Replaced by the launcher with the folder it runs in (the workspace). */
const WORKSPACE_PLACEHOLDER = '@@WORKSPACE@@';

/**
 * A class case as tokens: the constructor's arguments, the number of calls,
 * then per call the index of its method in the signature and its arguments.
 */
function classCaseTokens(
  signature: Signature,
  constructorTypes: ValueType[],
  args: Json[],
  calls: Json[][],
): string[] {
  const methods = signature.methods ?? [];
  const out: string[] = [];
  constructorTypes.forEach((type, i) => {
    encodeValue(args[i]!, type, out);
  });
  out.push(String(calls.length));
  for (const [name, ...callArgs] of calls) {
    const index = methods.findIndex((method) => method.name === name);
    if (index < 0) throw new Error(`The signature has no method ${String(name)}.`);
    out.push(String(index));
    methods[index]!.params.forEach((param, i) => {
      encodeValue(callArgs[i]!, parseType(param.type)!, out);
    });
  }
  return out;
}

export interface CompiledDriverRun {
  command: string[];
  stdin: string;
}

/**
 * A compiled language's driver run: the launcher on the command line (as the
 * Node and Python drivers are), and on its stdin the generated driver, the
 * toolchain commands and the calls as tokens — never an expected value.
 */
export function compiledDriverRun(
  language: CompiledLanguage,
  spec: GradingSpec,
  options: { nonce: string; start: number; heapMegabytes: number },
): CompiledDriverRun {
  const signature = spec.signature;
  if (!signature)
    throw new Error(`The problem has no signature: ${language} cannot call its entry.`);
  const source = GENERATORS[language]({
    module: spec.module,
    entry: spec.entry,
    signature,
    kind: spec.kind,
    workspace: WORKSPACE_PLACEHOLDER,
    heapMegabytes: options.heapMegabytes,
  });
  const types = signature.params.map((param) => parseType(param.type)!);
  const tokens = [options.nonce, String(options.start), String(spec.cases.length)];
  for (const entry of spec.cases) {
    if (spec.kind === 'class') {
      const caseTokens = classCaseTokens(signature, types, entry.args, entry.calls ?? []);
      // Prefixed by its length: a driver skips a case (or the rest of a failed one) in one step.
      tokens.push(String(caseTokens.length));
      for (const token of caseTokens) tokens.push(token);
      continue;
    }
    types.forEach((type, i) => {
      encodeValue(entry.args[i]!, type, tokens);
    });
  }
  return {
    command: ['node', '--input-type=module', '-e', LAUNCHER],
    stdin: JSON.stringify({
      nonce: options.nonce,
      files: source.files,
      compile: source.compile,
      run: source.run,
      env: source.env ?? {},
      input: `${tokens.join(' ')}\n`,
    }),
  };
}
