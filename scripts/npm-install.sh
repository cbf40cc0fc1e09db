#!/usr/bin/env bash
# Installs the npm dependencies at the locked versions.
# `npm ci` first; where the registry does not carry other platforms' optional packages (biome,
# next/swc and tailwind ship one per platform), npm ci refuses the lock as "out of sync" although
# `npm install` resolves the very same versions from it, leaving the lock unchanged: then that.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if npm ci --no-audit --no-fund 2>/tmp/opsdeck-npm-ci.log; then
  exit 0
fi
if grep -q "in sync" /tmp/opsdeck-npm-ci.log; then
  echo "[npm] npm ci refused the lock (other platforms' optional packages missing from this registry); npm install with the same lock" >&2
  npm install --no-audit --no-fund
  git diff --quiet -- package-lock.json 2>/dev/null || echo "[npm] warning: package-lock.json changed" >&2
else
  cat /tmp/opsdeck-npm-ci.log >&2
  exit 1
fi
