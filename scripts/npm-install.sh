#!/usr/bin/env bash
# Installs the npm dependencies at the locked versions with `npm ci`, which refuses a lock that is out
# of sync with package.json instead of rewriting it. The lock carries every platform's optional packages
# (biome, next/swc, tailwind ship one per platform), so it installs as is on a fresh machine.
# Idempotent: nothing to do when node_modules already matches the lock.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
  exit 0
fi
npm ci --no-audit --no-fund
