// Builds the sandboxes' shared read-only build caches (decision 023) before
// the tests start, once per machine: otherwise the first test files to start a
// sandbox driver build them in the background, a burst of javac, g++ and go on
// the cores beside the tests that time the mirror against the shell.
import { createLogger } from '../protocol/logger.ts';
import {
  DEFAULT_SHARED_BUILD_CACHE,
  ensureSharedBuildCache,
} from '../sandbox-bridge/runner/shared-build-cache.ts';

const started = Date.now();
const built = await ensureSharedBuildCache(
  DEFAULT_SHARED_BUILD_CACHE,
  createLogger('build-sandbox-cache', 'warn'),
);
console.error(
  `sandbox build caches: ${built ? 'ready' : 'not built (runs build their own)'} in ${Date.now() - started} ms`,
);
