#!/bin/sh
# Debian packages Tandem uses: Chromium for the browser tests, bubblewrap for
# the sandbox and the toolchains of the compiled languages (decision 023):
# a JDK for Java, g++ for C++, Go and rustc/cargo for Rust (`npm test` checks
# them; `npm start` passes `bubblewrap`). Installed only when missing, and
# only as root (CI and these machines); otherwise say what to install.
set -e
wanted="${*:-chromium bubblewrap openjdk-17-jdk-headless g++ golang-go rustc cargo}"
missing=""
for package in $wanted; do
  case "$package" in
    chromium) [ -x /usr/bin/chromium ] || missing="$missing chromium" ;;
    bubblewrap) command -v bwrap >/dev/null 2>&1 || missing="$missing bubblewrap" ;;
    openjdk-17-jdk-headless) [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/javac ] || missing="$missing $package" ;;
    g++) [ -x /usr/bin/g++ ] || missing="$missing g++" ;;
    golang-go) [ -x /usr/bin/go ] || missing="$missing golang-go" ;;
    # /usr/bin only: a rustup toolchain in a home folder is not bound into the sandbox.
    rustc) [ -x /usr/bin/rustc ] || missing="$missing rustc" ;;
    cargo) [ -x /usr/bin/cargo ] || missing="$missing cargo" ;;
    *) dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package" ;;
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
