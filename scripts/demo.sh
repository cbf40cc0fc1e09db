#!/usr/bin/env bash
# Opsdeck demo environment (npm run demo -- <args>).
#   demo.sh [up]                 deps -> engine -> images -> stacks analytics catcounter imaging miyraa doorbell -> swarm service edge
#                                -> Prometheus :19090 + Alertmanager :19093 -> Opsdeck (scripts/opsdeck-run.sh if present)
#   demo.sh down [--volumes]     stop exactly what `up` started (named volumes kept unless --volumes)
#   demo.sh status               one line per piece
#   demo.sh break <stack>/<service> unhealthy|crash|backlog|slow|errors|cpu|disk|down
#   demo.sh scenario <stack>     play a stack's incident (docs/demo.md); `fix` undoes it
#   demo.sh fix [<stack>/<service>]
#   demo.sh stack <stack>        bring up one stack only (what an e2e test of its scenario needs)
#   demo.sh stack-down <stack>   remove that stack again, with its volumes
#   demo.sh monitoring [up|down] only the demo's Prometheus :19090 and Alertmanager :19093
# Env: DOCKER_HOST (use your own engine instead of the sandbox), OPSDECK_DEMO_NO_APP=1 (skip opsdeck-run.sh)
# Everything listens on 127.0.0.1 only. State lives in .sandbox/demo/ (pidfiles, logs, tsdb, flag files).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEMO="${OPSDECK_SANDBOX_DIR:-$ROOT/.sandbox}/demo"
FLAGS="$DEMO/flags"
export OPSDECK_DEMO_FLAGS="$FLAGS"
STACKS=(analytics catcounter imaging miyraa doorbell)
declare -A SERVICES=([analytics]="redis api scheduler worker" [catcounter]="redis web ml lb" [imaging]="db redis api analyzer"
  [miyraa]="redis miyraa-api" [doorbell]="redis api worker")
EDGE_REPLICAS=2
PROM_PORT=19090 AM_PORT=19093
export PROMETHEUS_URL="http://127.0.0.1:$PROM_PORT" ALERTMANAGER_URL="http://127.0.0.1:$AM_PORT"

log() { printf '[demo] %s\n' "$*" >&2; }
die() { printf '[demo] error: %s\n' "$*" >&2; exit 1; }
mkdir -p "$DEMO"

SANDBOX_HOST="unix://${OPSDECK_SANDBOX_DIR:-$ROOT/.sandbox}/engine/docker.sock"
USER_ENGINE=0
if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != "$SANDBOX_HOST" ]; then USER_ENGINE=1; fi

engine_up() { # sets DOCKER_HOST; remembers whether the demo started the sandbox
  if [ "$USER_ENGINE" = 1 ]; then
    docker version >/dev/null 2>&1 || die "DOCKER_HOST=$DOCKER_HOST is not reachable"
    log "using your engine DOCKER_HOST=$DOCKER_HOST (no sandbox started)"
    return
  fi
  if ! bash "$ROOT/scripts/sandbox.sh" status >/dev/null 2>&1; then touch "$DEMO/sandbox-started-by-demo"; fi
  DOCKER_HOST="$(bash "$ROOT/scripts/sandbox.sh" start)"; export DOCKER_HOST
}
engine_env() { # for commands that must not start anything
  if [ "$USER_ENGINE" = 0 ]; then export DOCKER_HOST="$SANDBOX_HOST"; fi
  docker version >/dev/null 2>&1
}

compose() { # stack args... (drops compose v1's swarm-mode notice and progress noise)
  local s="$1"; shift
  docker-compose --ansi never -p "$s" -f "$ROOT/demo/$s/docker-compose.yml" "$@" 2>&1 \
    | grep -v -e 'running in swarm mode' -e 'Compose does not use swarm' -e 'docker stack deploy' -e '\.\.\. *$' -e '^$' || true
}
containers() { # stack [service] -> ids (all states)
  local f=(--filter "label=com.docker.compose.project=$1")
  [ -n "${2:-}" ] && f+=(--filter "label=com.docker.compose.service=$2")
  docker ps -aq "${f[@]}"
}
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

make_flag_dirs() {
  local s v
  for s in "${STACKS[@]}"; do
    for v in ${SERVICES[$s]} _stack; do mkdir -p "$FLAGS/$s/$v"; done
  done
  mkdir -p "$FLAGS/swarm/edge" "$FLAGS/swarm/_stack"
}

# ---- swarm service edge ------------------------------------------------------------------
edge_args() {
  printf '%s\n' --name edge --replicas "$EDGE_REPLICAS" --network host --no-resolve-image \
    --restart-condition any --restart-delay 2s --stop-grace-period 3s \
    --env 'SLOT={{.Task.Slot}}' --env SERVICE=edge --env STACK=swarm \
    --mount "type=bind,src=$FLAGS/swarm/edge,dst=/flags,readonly" \
    --mount "type=bind,src=$FLAGS/swarm/_stack,dst=/stack-flags,readonly" \
    --health-cmd 'opsdeck-health svc-health' --health-interval 3s --health-timeout 4s --health-retries 2 \
    --health-start-period 2s \
    --label opsdeck.prometheus.job=edge --container-label opsdeck.prometheus.job=edge \
    --label 'opsdeck.description=Swarm service: replica N serves 127.0.0.1:(18100+N)' \
    opsdeck-demo/edge:1 demo-service edge
}
edge_up() {
  local h; h="$( (edge_args; docker image inspect -f '{{.Id}}' opsdeck-demo/edge:1) | sha256sum | cut -c1-16)"
  local cur; cur="$(docker service inspect -f '{{index .Spec.Labels "opsdeck.demo.hash"}}' edge 2>/dev/null || true)"
  if [ "$cur" = "$h" ]; then
    local rep; rep="$(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' edge)"
    [ "$rep" = "$EDGE_REPLICAS" ] || docker service scale -d edge="$EDGE_REPLICAS" >/dev/null
    log "swarm service edge is up to date"; return
  fi
  # spec changed (or absent): recreate; simpler and more predictable than a field-by-field update
  if docker service inspect edge >/dev/null 2>&1; then
    log "recreating swarm service edge (spec changed)"; docker service rm edge >/dev/null
    # old tasks must release their 127.0.0.1 ports before the new ones start
    for _ in $(seq 1 40); do [ -z "$(docker ps -aq --filter label=com.docker.swarm.service.name=edge)" ] && break; sleep 0.5; done
  fi
  mapfile -t args < <(edge_args)
  docker service create -d --quiet --label "opsdeck.demo.hash=$h" "${args[@]}" >/dev/null
  log "created swarm service edge ($EDGE_REPLICAS replicas, host network, 127.0.0.1:18101-$((18100 + EDGE_REPLICAS)))"
}

# ---- Prometheus / Alertmanager ---------------------------------------------------------------
start_bg() { # name pidfile readyurl cmd...
  local name="$1" pidf="$2" url="$3"; shift 3
  if pid_alive "$pidf"; then log "$name already running (pid $(cat "$pidf"))"; return; fi
  nohup "$@" >"$DEMO/$name.log" 2>&1 &
  echo $! >"$pidf"
  for _ in $(seq 1 100); do curl -fs "$url" >/dev/null 2>&1 && { log "$name started (pid $(cat "$pidf")) on ${url%/-/*}"; return; }; sleep 0.2; done
  tail -5 "$DEMO/$name.log" >&2; die "$name did not become ready; see $DEMO/$name.log"
}
monitoring_up() {
  local prom am
  prom="$(command -v prometheus)" || die "prometheus not installed (scripts/system-deps.sh)"
  am="$(command -v prometheus-alertmanager || command -v alertmanager)" || die "alertmanager not installed"
  mkdir -p "$DEMO/prometheus" "$DEMO/alertmanager"
  # the config names the engine (Docker service discovery) and the rules by absolute path
  sed -e "s|@DOCKER_HOST@|$DOCKER_HOST|" -e "s|@RULES@|$ROOT/demo/prometheus/rules.yml|" \
    "$ROOT/demo/prometheus/prometheus.yml" >"$DEMO/prometheus.yml.new"
  # a Prometheus started by an older demo.sh reads demo/prometheus/prometheus.yml itself: restart it
  if pid_alive "$DEMO/prometheus.pid" && ! tr '\0' ' ' <"/proc/$(cat "$DEMO/prometheus.pid")/cmdline" | grep -qF "$DEMO/prometheus.yml"; then
    stop_pid prometheus "$DEMO/prometheus.pid"
  fi
  if ! cmp -s "$DEMO/prometheus.yml.new" "$DEMO/prometheus.yml"; then
    mv "$DEMO/prometheus.yml.new" "$DEMO/prometheus.yml"
    # a Prometheus already running from an older config takes the new one
    pid_alive "$DEMO/prometheus.pid" && curl -fs -X POST "$PROMETHEUS_URL/-/reload" >/dev/null && log "prometheus reloaded its config"
  else rm -f "$DEMO/prometheus.yml.new"; fi
  start_bg alertmanager "$DEMO/alertmanager.pid" "$ALERTMANAGER_URL/-/ready" \
    "$am" --config.file="$ROOT/demo/alertmanager/alertmanager.yml" --storage.path="$DEMO/alertmanager" \
    --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address=
  start_bg prometheus "$DEMO/prometheus.pid" "$PROMETHEUS_URL/-/ready" \
    "$prom" --config.file="$DEMO/prometheus.yml" --storage.tsdb.path="$DEMO/prometheus" \
    --storage.tsdb.retention.time=2d --web.listen-address="127.0.0.1:$PROM_PORT" --web.enable-lifecycle
}
stop_pid() { # name pidfile
  local pidf="$2" pid
  [ -f "$pidf" ] || return 0
  pid="$(cat "$pidf")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"; for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    log "stopped $1 (pid $pid)"
  fi
  rm -f "$pidf"
}

wait_healthy() { # up to N seconds for every demo container to be healthy and edge to be complete
  local deadline=$(( $(date +%s) + ${1:-60} )) bad
  while :; do
    bad="$(docker ps -a --filter label=com.docker.compose.project=analytics --filter label=com.docker.compose.project=catcounter \
            --filter label=com.docker.compose.project=imaging --filter label=com.docker.compose.project=miyraa \
            --filter label=com.docker.compose.project=doorbell \
            --format '{{.Names}} {{.Status}}' | grep -v '(healthy)' || true)"
    bad+="$(docker ps -a --filter label=com.docker.swarm.service.name=edge --filter status=running --format '{{.Names}} {{.Status}}' \
            | grep -v '(healthy)' || true)"
    local n; n="$(docker ps -q --filter label=com.docker.swarm.service.name=edge --filter health=healthy | wc -l)"
    [ -z "$bad" ] && [ "$n" -ge "$EDGE_REPLICAS" ] && return 0
    [ "$(date +%s)" -ge "$deadline" ] && { log "not healthy yet:"; printf '%s\n' "$bad" >&2; return 1; }
    sleep 1
  done
}

# The imaging stack's database: the seed's `imaging` database with a `scans` table, made once (the
# nightly pg_dump backs it up; its restore test counts the rows). Idempotent.
seed_imaging_db() {
  local c; c="$(docker ps -q --filter label=com.docker.compose.project=imaging --filter label=com.docker.compose.service=db | head -1)"
  [ -n "$c" ] || return 0
  for _ in $(seq 1 60); do docker exec "$c" pg_isready -q -h 127.0.0.1 -p 15432 && break; sleep 1; done
  # a fresh dump volume is root's: pg_dump runs as the server's user
  docker exec -u 0 "$c" chown postgres /dump
  docker exec "$c" sh -c 'psql -h 127.0.0.1 -p 15432 -U postgres -tAc "select 1 from pg_database where datname = '"'"'imaging'"'"'" | grep -q 1 ||
    createdb -h 127.0.0.1 -p 15432 -U postgres imaging' >&2
  docker exec "$c" psql -q -h 127.0.0.1 -p 15432 -U postgres -d imaging -c \
    "create table if not exists scans (id serial primary key, subject text not null, taken_at timestamptz not null default now(), status text not null);
     insert into scans (subject, status) select 'subject-' || g, (array['queued','analyzed','failed'])[1 + g % 3]
       from generate_series(1, 240) g where not exists (select 1 from scans);" >&2
}

cmd_up() {
  local t0; t0=$(date +%s)
  bash "$ROOT/scripts/system-deps.sh"
  engine_up
  bash "$ROOT/scripts/images.sh" busybox redis app v2 postgres haproxy
  make_flag_dirs
  local s
  for s in "${STACKS[@]}"; do
    compose "$s" up -d --remove-orphans | grep -v 'is up-to-date' >&2 || true
  done
  seed_imaging_db
  edge_up
  monitoring_up
  wait_healthy 90 && log "all demo containers healthy" || log "warning: some demo containers are not healthy yet (demo.sh status)"
  log "demo up in $(( $(date +%s) - t0 ))s — Prometheus $PROMETHEUS_URL, Alertmanager $ALERTMANAGER_URL, DOCKER_HOST=$DOCKER_HOST"
  if [ "${OPSDECK_DEMO_NO_APP:-0}" = 1 ]; then
    log "OPSDECK_DEMO_NO_APP=1: Opsdeck itself not started"
  elif [ -f "$ROOT/scripts/opsdeck-run.sh" ]; then
    export DOCKER_HOST PROMETHEUS_URL ALERTMANAGER_URL
    bash "$ROOT/scripts/opsdeck-run.sh"
  else
    log "scripts/opsdeck-run.sh not found: Opsdeck itself not started"
  fi
}

cmd_down() {
  local vol=()
  [ "${1:-}" = "--volumes" ] || [ "${1:-}" = "-v" ] && vol=(--volumes)
  stop_pid opsdeck "$DEMO/opsdeck.pid"
  stop_pid prometheus "$DEMO/prometheus.pid"
  stop_pid alertmanager "$DEMO/alertmanager.pid"
  if engine_env; then
    local s
    for s in "${STACKS[@]}"; do compose "$s" down --remove-orphans "${vol[@]}" >&2; done
    docker service inspect edge >/dev/null 2>&1 && { docker service rm edge >/dev/null; log "removed swarm service edge"; }
    # swarm removes task containers asynchronously; wait so `down` really leaves nothing behind
    for _ in $(seq 1 30); do [ -z "$(docker ps -aq --filter label=com.docker.swarm.service.name=edge)" ] && break; sleep 0.5; done
  else
    log "engine not reachable: containers not touched"
  fi
  rm -rf "$FLAGS"
  if [ "$USER_ENGINE" = 0 ] && [ -f "$DEMO/sandbox-started-by-demo" ]; then
    bash "$ROOT/scripts/sandbox.sh" stop; rm -f "$DEMO/sandbox-started-by-demo"
  fi
  log "demo down"
}

count_in() { { curl -fs "$1" 2>/dev/null | grep -o "$2" || true; } | wc -l; }
cmd_status() {
  if engine_env; then echo "engine               up     $DOCKER_HOST$([ "$USER_ENGINE" = 1 ] && echo ' (yours)')"
  else echo "engine               down   $DOCKER_HOST"; fi
  local s v ids total healthy st fl
  for s in "${STACKS[@]}"; do for v in ${SERVICES[$s]}; do
    ids="$(containers "$s" "$v" 2>/dev/null || true)"; total=$(printf '%s' "$ids" | grep -c . || true)
    healthy=0; st="-"
    if [ "$total" -gt 0 ]; then
      healthy="$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' $ids | grep -c '^healthy$' || true)"
      st="$(docker inspect -f '{{.State.Status}}{{if .State.Health}}/{{.State.Health.Status}}{{end}}' $ids | sort | uniq -c | awk '{printf "%s%s×%s", (NR>1?" ":""), $1, $2}')"
    fi
    fl="$( { ls -A "$FLAGS/$s/$v"; ls -A "$FLAGS/$s/_stack"; } 2>/dev/null | sort -u | tr '\n' ' ')"
    printf '%-20s %-6s %s%s\n' "$s/$v" "$healthy/$total" "$st" "${fl:+  [switches: ${fl% }]}"
  done; done
  if docker service inspect edge >/dev/null 2>&1; then
    printf '%-20s %-6s %s\n' "swarm/edge" "$(docker service ls --filter name=edge --format '{{.Replicas}}' | head -1)" \
      "healthy tasks: $(docker ps -q --filter label=com.docker.swarm.service.name=edge --filter health=healthy | wc -l)$(ls -A "$FLAGS/swarm/edge" 2>/dev/null | tr '\n' ' ' | sed 's/^./  [switches: &/;s/ $/]/')"
  else printf '%-20s %s\n' "swarm/edge" "absent"; fi
  local n
  for n in prometheus alertmanager opsdeck; do
    if pid_alive "$DEMO/$n.pid"; then
      case $n in
        prometheus) extra="$PROMETHEUS_URL targets up $(count_in "$PROMETHEUS_URL/api/v1/targets?state=active" '"health":"up"')/$(count_in "$PROMETHEUS_URL/api/v1/targets?state=active" '"health":"'), firing alerts $(count_in "$PROMETHEUS_URL/api/v1/alerts" '"state":"firing"')" ;;
        alertmanager) extra="$ALERTMANAGER_URL" ;;
        opsdeck) extra="http://127.0.0.1:8080" ;;
      esac
      printf '%-20s %-6s pid %s  %s\n' "$n" up "$(cat "$DEMO/$n.pid")" "$extra"
    else printf '%-20s %s\n' "$n" down; fi
  done
}

# ---- failure switches ------------------------------------------------------------------------
parse_target() { # "<stack>/<service>" or "edge" -> STACK SVC
  local t="${1:-}"; [ -n "$t" ] || die "target required: <stack>/<service> (e.g. analytics/worker) or edge"
  case "$t" in edge|swarm/edge|*/edge) STACK=swarm SVC=edge; return ;; esac
  STACK="${t%%/*}"; SVC="${t#*/}"
  [ -n "${SERVICES[$STACK]:-}" ] || die "unknown stack '$STACK' (${STACKS[*]}, or edge)"
  [ "$SVC" != "$t" ] && [[ " ${SERVICES[$STACK]} " == *" $SVC "* ]] || die "unknown service '$t' (services of $STACK: ${SERVICES[$STACK]})"
}
restart_target() {
  # swarm: kill the running tasks; swarm replaces them (a rolling --force update would pause after the 1st failure)
  if [ "$STACK" = swarm ]; then local t; t="$(docker ps -q --filter label=com.docker.swarm.service.name=edge)"; [ -z "$t" ] || docker kill $t >/dev/null
  else local ids; ids="$(containers "$STACK" "$SVC")"; [ -n "$ids" ] && docker restart -t 2 $ids >/dev/null; fi
}
cmd_break() {
  engine_env || die "engine not running (demo.sh up first)"
  parse_target "${1:-}"; local mode="${2:-}"
  make_flag_dirs
  case "$mode" in
    unhealthy|slow|errors|cpu|disk)
      touch "$FLAGS/$STACK/$SVC/$mode"
      log "$STACK/$SVC: switch '$mode' on" ;;
    crash)
      touch "$FLAGS/$STACK/$SVC/crash"; restart_target
      log "$STACK/$SVC: crash switch on — containers exit 3 at start and the restart policy loops them" ;;
    backlog)
      [ "$STACK" != swarm ] || die "edge has no queue"
      touch "$FLAGS/$STACK/_stack/backlog"
      log "$STACK: backlog switch on — producers flood (25 jobs/s for a minute), the running workers are stuck (a worker added by a scale-up works); QueueBacklog fires ~30s after queue_size > 100" ;;
    down)
      if [ "$STACK" = swarm ]; then docker service scale -d edge=0 >/dev/null
      else compose "$STACK" stop -t 2 "$SVC" >&2; fi
      log "$STACK/$SVC: stopped (all replicas); ServiceDown fires after 30s for scraped services" ;;
    *) die "mode must be one of: unhealthy crash backlog slow errors cpu disk down" ;;
  esac
}
cmd_fix() {
  engine_env || die "engine not running (demo.sh up first)"
  local targets=() s; declare -A touched=()
  if [ -n "${1:-}" ]; then parse_target "$1"; targets=("$STACK/$SVC")
  else local v; for s in "${STACKS[@]}"; do for v in ${SERVICES[$s]}; do targets+=("$s/$v"); done; done; targets+=(swarm/edge); fi
  local t
  for t in "${targets[@]}"; do
    STACK="${t%%/*}" SVC="${t#*/}"
    rm -f "$FLAGS/$STACK/$SVC"/* 2>/dev/null || true
    if [ -n "${1:-}" ] || [ "$STACK" = swarm ] || [ "$SVC" = "${SERVICES[$STACK]%% *}" ]; then rm -f "$FLAGS/$STACK/_stack"/* 2>/dev/null || true; fi
    if [ "$STACK" = swarm ]; then
      docker service inspect edge >/dev/null 2>&1 || continue
      [ "$(docker service inspect -f '{{.Spec.Mode.Replicated.Replicas}}' edge)" = "$EDGE_REPLICAS" ] || docker service scale -d edge="$EDGE_REPLICAS" >/dev/null
      # a paused rolling update (from an older crash) would keep tasks down: resume it
      [ "$(docker service inspect -f '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' edge)" = paused ] && docker service update -d --force edge >/dev/null
    else
      # kick containers sitting in a restart back-off or stopped by `break ... down`
      local id
      for id in $(containers "$STACK" "$SVC"); do
        case "$(docker inspect -f '{{.State.Status}}' "$id")" in restarting|exited|created) docker restart -t 1 "$id" >/dev/null ;; esac
      done
      touched[$STACK]+=" $SVC"
    fi
  done
  # recreate replicas that are missing altogether (one compose call per stack)
  for s in "${!touched[@]}"; do compose "$s" up -d --no-recreate ${touched[$s]} | grep -v 'is up-to-date' >&2 || true; done
  # what the scenarios changed beyond switches (a restored database, …)
  case "${1:-}" in "") fix_scenarios ;; imaging/db) fix_imaging ;; doorbell/api) fix_doorbell ;; catcounter/*) fix_catcounter ;; esac
  log "fixed: ${1:-everything} (health recovers within a few seconds; alerts resolve after their next evaluation)"
}

# ---- incident scenarios (one per seed stack; `fix` undoes them): scripts/demo-scenarios.sh -------------
# shellcheck source=scripts/demo-scenarios.sh
. "$ROOT/scripts/demo-scenarios.sh"

# One stack only (the e2e tests bring up just what a scenario needs): images, switches, compose up, healthy.
cmd_stack() {
  local s="${1:-}"; [ -n "${SERVICES[$s]:-}" ] || die "usage: demo.sh stack <${STACKS[*]// /|}>"
  engine_up
  case "$s" in imaging) bash "$ROOT/scripts/images.sh" busybox redis app postgres ;; catcounter) bash "$ROOT/scripts/images.sh" busybox redis app v2 haproxy ;; *) bash "$ROOT/scripts/images.sh" busybox redis app v2 ;; esac
  make_flag_dirs
  compose "$s" up -d --remove-orphans | grep -v 'is up-to-date' >&2 || true
  [ "$s" = imaging ] && seed_imaging_db
  local deadline=$(( $(date +%s) + 90 ))
  until [ -z "$(docker ps -a --filter "label=com.docker.compose.project=$s" --format '{{.Status}}' | grep -v '(healthy)')" ]; do
    [ "$(date +%s)" -ge "$deadline" ] && die "stack $s not healthy after 90 s: $(docker ps -a --filter "label=com.docker.compose.project=$s" --format '{{.Names}} {{.Status}}' | tr '\n' ';')"
    sleep 1
  done
  log "stack $s up and healthy"
}

case "${1:-up}" in
  up|start) cmd_up ;;
  down|stop) shift; cmd_down "${1:-}" ;;
  status) cmd_status ;;
  break) shift; cmd_break "$@" ;;
  fix) shift; cmd_fix "${1:-}" ;;
  scenario) shift; cmd_scenario "${1:-}" ;;
  stack) shift; cmd_stack "${1:-}" ;;
  monitoring) shift; engine_env || die "engine not running"
    case "${1:-up}" in up) monitoring_up ;; down) stop_pid prometheus "$DEMO/prometheus.pid"; stop_pid alertmanager "$DEMO/alertmanager.pid" ;;
      *) die "usage: demo.sh monitoring [up|down]" ;; esac ;;
  stack-down) shift; [ -n "${SERVICES[${1:-}]:-}" ] || die "usage: demo.sh stack-down <stack>"; engine_env || die "engine not running"
    compose "$1" down --remove-orphans --volumes >&2; rm -f "$DEMO/catcounter-lost"; log "stack $1 removed (with its volumes)" ;;
  -h|--help|help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "usage: demo.sh [up|down [--volumes]|status|break <stack>/<service> <mode>|fix [<stack>/<service>]|scenario <stack>]" ;;
esac
