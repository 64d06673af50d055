import { typescript } from 'monaco-editor';

/**
 * TypeScript service settings for candidates' code: modern modules, `.ts`
 * import paths (the sandbox runs TypeScript directly), and no complaints the
 * browser cannot settle — modules and Node globals it has no types for — so
 * the red squiggles that remain are real mistakes.
 */
const IGNORED_DIAGNOSTICS = [
  2307, // Cannot find module 'node:test' or its type declarations.
  2580, // Cannot find name 'process' / 'require': install @types/node.
  2591, // The same, for tsconfig "types".
  2792, // Cannot find module; did you mean to set moduleResolution?
  5097, // An import path can only end with '.ts' when allowImportingTsExtensions is on.
];

export function configureLanguages(): void {
  const options: typescript.CompilerOptions = {
    target: typescript.ScriptTarget.ESNext,
    module: typescript.ModuleKind.ESNext,
    moduleResolution: typescript.ModuleResolutionKind.NodeJs,
    allowImportingTsExtensions: true,
    allowNonTsExtensions: true,
    noEmit: true,
    strict: true,
    esModuleInterop: true,
  };
  for (const defaults of [typescript.typescriptDefaults, typescript.javascriptDefaults]) {
    defaults.setCompilerOptions(options);
    defaults.setDiagnosticsOptions({ diagnosticCodesToIgnore: IGNORED_DIAGNOSTICS });
    // Other files' exports are known before they are opened.
    defaults.setEagerModelSync(true);
  }
}
