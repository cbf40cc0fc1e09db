#!/usr/bin/env bash
# A Docker engine of the project's own, under .sandbox/, that never touches a user's daemon.
# Usage: scripts/sandbox.sh start|stop|status|env
# Idempotent: `start` on a running sandbox only prints its DOCKER_HOST.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SB="${OPSDECK_SANDBOX_DIR:-$ROOT/.sandbox}"
ENGINE="$SB/engine"
SOCK="$ENGINE/docker.sock"
PIDFILE="$ENGINE/dockerd.pid"
export DOCKER_HOST="unix://$SOCK"

log() { printf '[sandbox] %s\n' "$*" >&2; }

running() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && docker version >/dev/null 2>&1
}

need_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  if [ ${#missing[@]} -gt 0 ]; then
    bash "$ROOT/scripts/system-deps.sh"
  fi
}

start() {
  need_packages
  if running; then echo "$DOCKER_HOST"; return 0; fi
  mkdir -p "$ENGINE/data" "$ENGINE/exec"
  rm -f "$SOCK" "$PIDFILE"
  log "starting dockerd (data $ENGINE/data)"
  # vfs + no bridge/iptables: works unprivileged-network-wise on these machines; all traffic is loopback.
  # The engine outlives this script: it must not inherit a caller's descriptors (a `flock` lock that
  # serialises test runs would otherwise be held by dockerd for ever).
  # OPSDECK_SANDBOX_TLS_PORT + OPSDECK_SANDBOX_TLS_DIR (ca.pem, server-cert.pem, server-key.pem): also
  # listen on 127.0.0.1:<port> for TLS clients with a certificate of that CA (tests of tcp:// + TLS).
  local tls=()
  if [ -n "${OPSDECK_SANDBOX_TLS_PORT:-}" ]; then
    local t="${OPSDECK_SANDBOX_TLS_DIR:?OPSDECK_SANDBOX_TLS_DIR must hold ca.pem, server-cert.pem, server-key.pem}"
    tls=(-H "tcp://127.0.0.1:$OPSDECK_SANDBOX_TLS_PORT" --tlsverify --tlscacert "$t/ca.pem"
      --tlscert "$t/server-cert.pem" --tlskey "$t/server-key.pem")
  fi
  nohup dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs \
    -H "$DOCKER_HOST" "${tls[@]}" --data-root "$ENGINE/data" --exec-root "$ENGINE/exec" \
    --pidfile "$PIDFILE" >"$ENGINE/dockerd.log" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  for _ in $(seq 1 150); do
    if docker version >/dev/null 2>&1; then break; fi
    sleep 0.2
  done
  docker version >/dev/null 2>&1 || { log "dockerd did not start; see $ENGINE/dockerd.log"; tail -20 "$ENGINE/dockerd.log" >&2; exit 1; }
  # OPSDECK_SANDBOX_SWARM=0: a second engine for tests, which cannot share the swarm port 2377.
  # A restarted engine that is already a manager reports "pending" for a moment before "active".
  local state=""
  for _ in $(seq 1 50); do
    state="$(docker info --format '{{.Swarm.LocalNodeState}}')"
    [ "$state" = pending ] || break
    sleep 0.2
  done
  if [ "${OPSDECK_SANDBOX_SWARM:-1}" != 0 ] && [ "$state" = inactive ]; then
    docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 >/dev/null
    log "swarm initialised"
  fi
  echo "$DOCKER_HOST"
}

stop() {
  if [ -f "$PIDFILE" ]; then
    local pid; pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping dockerd $pid"
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running $DOCKER_HOST"; else echo "stopped"; exit 1; fi ;;
  env) echo "export DOCKER_HOST=$DOCKER_HOST" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
