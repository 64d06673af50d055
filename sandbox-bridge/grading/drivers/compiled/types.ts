import type { Signature } from '../../../../protocol/signature.ts';

/** What a compiled driver calls: the candidate's module and entry, with the problem's types. */
export interface DriverTarget {
  /** Workspace path of the candidate's module (`Solution.java`, `solution.cpp`, `solution.rs`, a Go package folder's file). */
  module: string;
  /** The entry as this language spells it (`twoSum`, `TwoSum`, `two_sum`); a class's name (`LRUCache`). */
  entry: string;
  signature: Signature;
  /** A function called once per case, or a class constructed per case and called by its methods. */
  kind: 'function' | 'class';
  /** Absolute path of the workspace inside the sandbox. */
  workspace: string;
  /** Heap the language's runtime may use, under the sandbox's memory limit (MiB). */
  heapMegabytes: number;
}

/**
 * A generated driver: its files (written to a private folder under /tmp of
 * the driver's own process, never to the workspace), the compile command and
 * the command that runs it; both run in that folder.
 */
export interface DriverSource {
  files: Array<{ path: string; content: string }>;
  compile: string[];
  run: string[];
  env?: Record<string, string>;
}
