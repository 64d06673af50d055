#!/bin/sh
# `npm test`: everything the tests need, then the whole suite (unit, service,
# database on PGlite — and on Postgres when TEST_DATABASE_URL is set — and browser).
set -e
sh scripts/ensure-system-packages.sh
# The browser tests drive the built app: build unless the caller just did.
[ "${TANDEM_SKIP_BUILD:-}" = 1 ] || node scripts/build.ts
# The sandboxes' shared build caches, before any test (once per machine).
node scripts/build-sandbox-cache.ts
exec npx --no-install vitest run "$@"
