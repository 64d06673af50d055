#!/bin/sh
# Debian packages Tandem uses: Chromium for the browser tests and bubblewrap
# for the sandbox (`npm test` checks both; `npm start` passes `bubblewrap`).
# Installed only when missing, and only as root (CI and these machines);
# otherwise say what to install.
set -e
wanted="${*:-chromium bubblewrap}"
missing=""
for package in $wanted; do
  case "$package" in
    chromium) [ -x /usr/bin/chromium ] || missing="$missing chromium" ;;
    bubblewrap) command -v bwrap >/dev/null 2>&1 || missing="$missing bubblewrap" ;;
  esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "tandem: installing Debian packages:$missing" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "tandem: these Debian packages are missing:$missing (sudo apt-get install -y$missing)" >&2
  exit 1
fi
