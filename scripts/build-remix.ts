// Builds the Remix app with its classic compiler, as `remix build` does, but
// disposes the compiler's esbuild contexts before returning.
//
// Why not `remix build`: it exits with its three esbuild 0.17 contexts (css,
// browser, server) still open. esbuild's service waits for every open context
// to be disposed before it ends, and when the exiting host has left one of
// the service's 1-second pings unanswered (a busy build machine), all of its
// goroutines are blocked and Go prints `fatal error: all goroutines are asleep
// - deadlock!` with a page of goroutine dumps, after the build succeeded. See
// docs/decisions/018-first-run-and-self-hosting.md.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface RemixCompiler {
  compile(): Promise<unknown>;
  dispose(): Promise<void>;
}

// Remix 2.17's classic compiler modules (the package has no exports map).
const { readConfig } = require('@remix-run/dev/dist/config.js') as {
  readConfig(root: string, mode?: string): Promise<{ assetsBuildDirectory: string }>;
};
const { create } = require('@remix-run/dev/dist/compiler/compiler.js') as {
  create(ctx: unknown): Promise<RemixCompiler>;
};
const { createFileWatchCache } = require('@remix-run/dev/dist/compiler/fileWatchCache.js') as {
  createFileWatchCache(): unknown;
};
const { logger } = require('@remix-run/dev/dist/tux/logger.js') as { logger: unknown };
const { logThrown } = require('@remix-run/dev/dist/compiler/utils/log.js') as {
  logThrown(thrown: unknown): void;
};

/** The compile failed; Remix printed its errors. */
class RemixBuildError extends Error {}

/** Builds the Remix app in `root` for production; throws (after logging Remix's errors) when it fails. */
export async function buildRemixApp(root = process.cwd()): Promise<void> {
  const config = await readConfig(root, 'production');
  rmSync(config.assetsBuildDirectory, { recursive: true, force: true });
  const compiler = await create({
    config,
    options: { mode: 'production', sourcemap: false },
    fileWatchCache: createFileWatchCache(),
    logger,
  });
  try {
    await compiler.compile();
  } catch (error) {
    logThrown(error);
    throw new RemixBuildError();
  } finally {
    await compiler.dispose();
  }
}

if (import.meta.main) {
  try {
    await buildRemixApp();
  } catch (error) {
    if (!(error instanceof RemixBuildError)) console.error(`remix build: ${String(error)}`);
    process.exitCode = 1;
  }
}
