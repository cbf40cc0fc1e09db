#!/usr/bin/env bash
# `npm run bench`: every benchmark, against the sandbox engine and the production build.
# Every run is kept as bench/results/<bench>-<UTC timestamp>.json (commit, machine, load average,
# params, samples, summary); docs/benchmarks.md cites those files.
# `npm run bench -- actions` runs one benchmark. The sandbox's folder can be another checkout's
# (OPSDECK_SANDBOX_DIR, as scripts/sandbox.sh reads it), so worktrees share one engine.
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
  # modules of the benchmarks, not benchmarks
  case "$name" in lib | scale-engines) continue ;; esac
  [ -n "$only" ] && [ "$name" != "$only" ] && continue
  echo "== bench $name"
  args=()
  # the logs viewer's browser part (Chromium) is part of every full run
  [ "$name" = logs ] && args+=(--browser)
  node "$b" "${args[@]}"
done
