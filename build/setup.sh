#!/bin/sh
# `npm run setup`: everything a fresh clone needs before `npm test`, on Linux or macOS.
# 1. npm ci (brings Bun, claude, codex, TypeScript, biome, knip).
# 2. The system packages Claude Code's OS sandbox needs (a write rescue runs inside it): bubblewrap
#    and socat on Linux, through apt-get or dnf when we may (root, or sudo without a password);
#    otherwise the exact command to run. macOS has its sandbox (seatbelt) built in.
set -eu
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund

if [ "$(uname -s)" != Linux ]; then
  echo "setup: done ($(uname -s): Claude Code's OS sandbox needs nothing installed)"
  exit 0
fi

missing=""
command -v bwrap >/dev/null 2>&1 || missing="$missing bubblewrap"
command -v socat >/dev/null 2>&1 || missing="$missing socat"
if [ -z "$missing" ]; then
  echo "setup: done (bubblewrap and socat are installed)"
  exit 0
fi
missing=${missing# }

if command -v apt-get >/dev/null 2>&1; then
  install="apt-get install -y $missing"
  refresh="apt-get update"
elif command -v dnf >/dev/null 2>&1; then
  install="dnf install -y $missing"
  refresh=""
else
  echo "setup: install $missing with your system's package manager; the tests that need the OS sandbox are skipped until then"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  as=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as="sudo "
else
  echo "setup: run this once (it needs root), then npm test runs every test:"
  echo "  sudo ${refresh:+$refresh && sudo }$install"
  exit 0
fi

echo "setup: installing $missing for Claude Code's OS sandbox"
# shellcheck disable=SC2086
if ! ${as}env DEBIAN_FRONTEND=noninteractive $install; then
  # A fresh container has no package lists yet: refresh them once and try again.
  [ -n "$refresh" ] || exit 1
  ${as}$refresh
  # shellcheck disable=SC2086
  ${as}env DEBIAN_FRONTEND=noninteractive $install
fi
echo "setup: done"
