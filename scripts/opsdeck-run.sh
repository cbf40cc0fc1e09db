#!/usr/bin/env bash
# Builds (when the sources changed) and starts Opsdeck for the demo, idempotently.
# Env from demo.sh: DOCKER_HOST, PROMETHEUS_URL, ALERTMANAGER_URL. Port: OPSDECK_DEMO_PORT (8080).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DEMO="$ROOT/.sandbox/demo"
PIDFILE="$DEMO/opsdeck.pid"
PORT="${OPSDECK_DEMO_PORT:-8080}"
URL="http://127.0.0.1:$PORT"
mkdir -p "$DEMO/data"
# Run on its own (not from demo.sh), it joins the demo's engine, Prometheus and Alertmanager.
export DOCKER_HOST="${DOCKER_HOST:-$(bash "$ROOT/scripts/sandbox.sh" start)}"
export PROMETHEUS_URL="${PROMETHEUS_URL:-http://127.0.0.1:19090}"
export ALERTMANAGER_URL="${ALERTMANAGER_URL:-http://127.0.0.1:19093}"

log() { printf '[opsdeck] %s\n' "$*" >&2; }

if [ ! -d node_modules ]; then
  log "installing npm dependencies"
  bash scripts/npm-install.sh >/dev/null
fi

needs_build() {
  [ -f .next/BUILD_ID ] && [ -f .next/standalone/server.js ] || return 0
  [ -n "$(find app lib components next.config.ts package.json instrumentation.ts -newer .next/BUILD_ID -type f 2>/dev/null | head -1)" ]
}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

if needs_build; then
  if running; then log "sources changed: restarting"; kill "$(cat "$PIDFILE")"; sleep 1; fi
  log "building (next build, about a minute)"
  NEXT_TELEMETRY_DISABLED=1 npx next build >"$DEMO/build.log" 2>&1 || { log "build failed: see $DEMO/build.log"; tail -30 "$DEMO/build.log" >&2; exit 1; }
fi

if [ ! -f "$DEMO/admin-password" ]; then
  node -e "process.stdout.write(require('crypto').randomBytes(12).toString('base64url'))" >"$DEMO/admin-password"
  chmod 600 "$DEMO/admin-password"
fi
PASSWORD="$(cat "$DEMO/admin-password")"

if ! running; then
  log "starting on $URL"
  OPSDECK_DATA_DIR="$DEMO/data" OPSDECK_ADMIN_PASSWORD="$PASSWORD" PORT="$PORT" HOSTNAME=127.0.0.1 \
    nohup node scripts/start.mjs >"$DEMO/opsdeck.log" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 100); do
    curl -fsS "$URL/api/health" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "$URL/api/health" >/dev/null 2>&1 || { log "did not start: see $DEMO/opsdeck.log"; tail -20 "$DEMO/opsdeck.log" >&2; exit 1; }
fi

cat <<MSG

  Opsdeck is running: $URL
  Log in as admin with the password in .sandbox/demo/admin-password ($PASSWORD)
  Wall display: Settings → Wall display mints a display token and shows the link (and a QR code) to open on the TV
  Stop everything the demo started: npm run demo -- down

MSG
