#!/usr/bin/env bash
# `npm run bench`: every benchmark, against the sandbox engine and the production build.
# Results go to bench/results/*.json; docs/benchmarks.md records them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DOCKER_HOST="$(bash scripts/sandbox.sh start)"
export DOCKER_HOST
bash scripts/images.sh >/dev/null
[ -f .next/standalone/server.js ] || NEXT_TELEMETRY_DISABLED=1 npx next build
only="${1:-}"
for b in bench/*.mjs; do
  name="$(basename "$b" .mjs)"
  [ "$name" = lib ] && continue
  [ -n "$only" ] && [ "$name" != "$only" ] && continue
  echo "== bench $name"
  node "$b"
done
