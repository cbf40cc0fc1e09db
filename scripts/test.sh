#!/usr/bin/env bash
# `npm test`: every test, against real parts. Installs what it needs (idempotently), then runs
# lint → typecheck → unit → integration (sandbox engine, Prometheus, Alertmanager) → build → e2e (Chromium).
# Ends with one line "N passed, M failed" over all suites.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Not test-results/: Playwright empties that folder when it starts.
RESULTS="$ROOT/.test-reports"
mkdir -p "$RESULTS"
# A report left by an earlier run must not be counted as this one's.
rm -f "$RESULTS"/*.json "$RESULTS"/image.txt

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
failures=()

step "system packages"
bash scripts/system-deps.sh || { echo "could not install system packages (run as root)"; exit 1; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm dependencies"
  bash scripts/npm-install.sh || exit 1
fi

step "sandbox engine"
DOCKER_HOST="$(bash scripts/sandbox.sh start)" || { echo "sandbox engine did not start"; exit 1; }
export DOCKER_HOST
bash scripts/images.sh busybox redis app sqlite postgres || { echo "could not build the test images"; exit 1; }

step "lint (biome, then the import boundaries of .dependency-cruiser.cjs)"
npm run --silent lint || failures+=(lint)

step "typecheck"
npx tsc --noEmit -p . || failures+=(typecheck)

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$RESULTS/unit.json" || failures+=(unit)

step "integration tests (real engine, Prometheus, Alertmanager)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$RESULTS/integration.json" || failures+=(integration)

step "build"
NEXT_TELEMETRY_DISABLED=1 npx next build || failures+=(build)

step "end-to-end tests (Chromium)"
if [ -f .next/standalone/server.js ]; then
  PLAYWRIGHT_JSON_OUTPUT_NAME="$RESULTS/e2e.json" npx playwright test --reporter=list,json || failures+=(e2e)
else
  failures+=(e2e-no-build)
fi

if [ -x scripts/test-image.sh ] || [ -f scripts/test-image.sh ]; then
  step "image and deployment (Packaging)"
  bash scripts/test-image.sh | tee "$RESULTS/image.txt" || failures+=(image)
fi

step "summary"
node scripts/test-summary.mjs "$RESULTS" "${failures[*]:-}"
