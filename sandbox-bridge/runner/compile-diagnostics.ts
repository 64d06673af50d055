/** One compiler message, pointed at a workspace file. */
export interface CompileDiagnostic {
  file: string;
  line: number;
  column: number | null;
  severity: 'error' | 'warning';
  message: string;
}

// gcc, go and javac start a message with `file:line[:column]: `; rustc puts
// the message first and the place on the next ` --> file:line:column` line.
const LOCATED =
  /^(?<file>[^\s:][^:\n]*\.(?:java|cpp|cc|cxx|hpp|h|go|rs)):(?<line>\d+):(?:(?<column>\d+):)?\s*(?:(?<severity>fatal error|error|warning):\s*)?(?<message>.*)$/;
const RUST_HEADER = /^(?<severity>error|warning)(?:\[\w+\])?: (?<message>.*)$/;
const RUST_PLACE = /^\s*--> (?<file>[^:\n]+):(?<line>\d+):(?<column>\d+)$/;
const MAX_DIAGNOSTICS = 50;

/** Workspace-relative: compilers name files by absolute or `./` paths. */
function workspacePath(file: string): string {
  return file.replace(/^\/workspace\//, '').replace(/^\.\//, '');
}

/**
 * The file, line and message of each compiler error or warning in a
 * compiler's output (javac, g++, go, rustc). Lines that are not diagnostics
 * (source excerpts, carets, notes) are skipped; the full output is kept
 * beside them for the test panel.
 */
export function parseDiagnostics(output: string): CompileDiagnostic[] {
  const found: CompileDiagnostic[] = [];
  let rust: { severity: 'error' | 'warning'; message: string } | null = null;
  for (const line of output.split('\n')) {
    if (found.length >= MAX_DIAGNOSTICS) break;
    const header = RUST_HEADER.exec(line);
    if (header?.groups) {
      rust = {
        severity: header.groups.severity as 'error' | 'warning',
        message: header.groups.message!,
      };
      continue;
    }
    const place = RUST_PLACE.exec(line);
    if (place?.groups && rust) {
      found.push({
        file: workspacePath(place.groups.file!),
        line: Number(place.groups.line),
        column: Number(place.groups.column),
        ...rust,
      });
      rust = null;
      continue;
    }
    const located = LOCATED.exec(line);
    if (located?.groups) {
      const severity = located.groups.severity;
      if (severity === undefined && !/\.go$/.test(located.groups.file!)) continue;
      if (located.groups.file!.startsWith('.tandem/')) continue;
      found.push({
        file: workspacePath(located.groups.file!),
        line: Number(located.groups.line),
        column: located.groups.column ? Number(located.groups.column) : null,
        severity: severity === 'warning' ? 'warning' : 'error',
        message: located.groups.message!.trim(),
      });
    }
  }
  return found;
}
