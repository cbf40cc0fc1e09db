# Incident scenarios of the demo, one per seed stack (sourced by scripts/demo.sh; docs/demo.md#scenarios).
# The ones that act the way an operator would go through Opsdeck's API (scripts/demo-opsdeck.mjs:
# OPSDECK_URL, default the demo's http://127.0.0.1:8080, as admin). `fix` undoes each.

opsdeck_api() { node "$ROOT/scripts/demo-opsdeck.mjs" "$@"; }
first_container() { containers "$1" "$2" | head -1; }

# ---- doorbell (seed 004): a v2 whose readiness fails the gate is rolled back automatically ----------
scenario_doorbell() {
  bash "$ROOT/scripts/images.sh" v2 >&2
  log "doorbell: deploying opsdeck-demo/doorbell:2 to doorbell/api through Opsdeck (gate: HEALTHCHECK, then /ready)"
  local out; out="$(opsdeck_api deploy doorbell/api opsdeck-demo/doorbell:2 "${DOORBELL_GATE_SECONDS:-15}")" || die "$out"
  echo "$out"
  case "$out" in
    "deploy failed:"*restored*) log "doorbell: v2 failed its readiness gate and was rolled back to v1 automatically — the job is on doorbell/api's timeline and in the audit log (job.deploy, failed)" ;;
    *) die "doorbell: expected the gate to fail and roll back, got: $out" ;;
  esac
}
fix_doorbell() { # the rollback already put v1 back; a v2 left running (a deploy by hand) is replaced
  local id v1; v1="$(docker image inspect -f '{{.Id}}' opsdeck-demo/doorbell:1)"
  for id in $(containers doorbell api); do
    [ "$(docker inspect -f '{{.Image}}' "$id")" = "$v1" ] && continue
    log "doorbell/api runs another image than v1: recreating it"; compose doorbell up -d --force-recreate api >&2; return
  done
}

# ---- imaging (seed 002): a bad migration empties scans; restore from the last verified pg_dump backup ---
psql_imaging() { # sql -> stdout (in the db container)
  docker exec -i "$(first_container imaging db)" psql -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p 15432 -U postgres -d imaging "$@"
}
scan_count() { psql_imaging -tAc 'select count(*) from scans' 2>/dev/null || echo "?"; }
scenario_imaging() {
  [ -n "$(first_container imaging db)" ] || die "imaging/db is not running (demo.sh up)"
  log "imaging: backing up imaging/db through Opsdeck (pg_dump), then its restore test into a throwaway server"
  opsdeck_api backup imaging/db || die "imaging: the backup before the migration failed"
  log "imaging: applying migration 0007_scans_status_enum.sql (scans: $(scan_count) rows)"
  psql_imaging <"$ROOT/demo/imaging/migrations/0007_scans_status_enum.sql"
  log "imaging: migrated — scans now $(scan_count) rows and no status column; imaging/db turns unhealthy (\"scans check failed: … column \\\"status\\\" does not exist\") within ~10 s"
  log "imaging: \`npm run demo -- fix\` restores the last verified backup into a new volume and loads it with pg_restore"
}
fix_imaging() { # only when the table is broken: restore the newest verified backup, pg_restore it
  local c; c="$(first_container imaging db)"; [ -n "$c" ] || return 0
  psql_imaging -tAc 'select count(*) from scans where status is not null' 2>/dev/null | grep -qv '^0$' && return 0
  local vol="imaging_restore-$(date +%s)"
  log "imaging: scans is broken; restoring the last verified backup of imaging/db into volume $vol"
  opsdeck_api restore-last imaging/db "$vol" || die "imaging: restore failed"
  docker run --rm --network host -v "$vol:/restore:ro" --entrypoint pg_restore opsdeck-demo/postgres:1 \
    -h 127.0.0.1 -p 15432 -U postgres --clean --if-exists -d imaging /restore/imaging.dump
  docker volume rm "$vol" >/dev/null
  psql_imaging -c 'drop type if exists scan_status' >/dev/null
  log "imaging: restored — scans has $(scan_count) rows"
}

# ---- catcounter (seed 001): rolling update to v2 behind HAProxy with no failed request; then redis data
# loss, restored from the last verified backup -------------------------------------------------------
LB_STATS="http://127.0.0.1:18099/stats;csv"
lb_stat() { # <pxname> <svname> <column> -> value from HAProxy's stats CSV (header names the columns)
  curl -fsS "$LB_STATS" | awk -F, -v px="$1" -v sv="$2" -v col="$3" '
    NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) c[$i] = i; next }
    $1 == px && $2 == sv { print ($(c[col]) == "" ? 0 : $(c[col])) }'
}
redis_cat() { docker exec "$(first_container catcounter redis)" redis-cli -p 16380 "$@"; }
scenario_catcounter() {
  [ -n "$(first_container catcounter lb)" ] || die "catcounter/lb is not running (demo.sh up)"
  bash "$ROOT/scripts/images.sh" v2 >&2
  local v2; v2="$(docker image inspect -f '{{.Id}}' opsdeck-demo/catcounter:2)"
  if [ -z "$(for id in $(containers catcounter web); do [ "$(docker inspect -f '{{.Image}}' "$id")" = "$v2" ] || echo "$id"; done)" ]; then
    log "catcounter/web already runs v2: \`npm run demo -- fix\` puts v1 back first"; fix_catcounter
  fi
  local req0 err0 retr0 load="$DEMO/catcounter-load.log"
  req0="$(lb_stat web FRONTEND req_tot)" err0="$(lb_stat web FRONTEND hrsp_5xx)" retr0="$(lb_stat catcounter_web BACKEND wretr)"
  log "catcounter: a client sends requests back to back (50 ms apart) through HAProxy (127.0.0.1:18090) while Opsdeck rolls catcounter/web to v2"
  : >"$load"
  ( while :; do curl -s -o /dev/null -m 5 -w '%{http_code}\n' http://127.0.0.1:18090/ >>"$load"; sleep 0.05; done ) &
  local gen=$!
  local out; out="$(opsdeck_api deploy catcounter/web opsdeck-demo/catcounter:2 60)" || { kill "$gen"; die "$out"; }
  sleep 2; kill "$gen"; wait "$gen" 2>/dev/null || true
  echo "$out"
  local sent bad req err retr
  sent="$(wc -l <"$load")" bad="$(grep -vc '^200$' "$load" || true)"
  req=$(( $(lb_stat web FRONTEND req_tot) - req0 )) err=$(( $(lb_stat web FRONTEND hrsp_5xx) - err0 ))
  retr=$(( $(lb_stat catcounter_web BACKEND wretr) - retr0 ))
  echo "rolling update: $req requests at the load balancer, $err failed (HAProxy hrsp_5xx), $retr retried on another replica; clients saw $bad of $sent fail"
  case "$out" in "deploy succeeded"*) ;; *) die "catcounter: the rolling update did not succeed" ;; esac
  [ "$err" = 0 ] && [ "$bad" = 0 ] || die "catcounter: requests failed during the rolling update"

  log "catcounter: nightly backup of catcounter/redis through Opsdeck (SAVE, then redis-check-rdb on a restored copy)"
  opsdeck_api backup catcounter/redis || die "catcounter: the redis backup failed"
  local before; before="$(redis_cat GET catcounter:cats_counted)"
  echo "${before:-0}" >"$DEMO/catcounter-lost"
  redis_cat FLUSHALL >/dev/null
  echo "redis data loss: FLUSHALL — catcounter:cats_counted was ${before:-0}, now $(redis_cat GET catcounter:cats_counted | sed 's/^$/(nil)/')"
  log "catcounter: \`npm run demo -- fix\` restores catcounter/redis from the last verified backup"
}
fix_catcounter() {
  [ -n "$(first_container catcounter redis)" ] || return 0
  if [ -f "$DEMO/catcounter-lost" ]; then
    log "catcounter: restoring catcounter/redis from its last verified backup (in place)"
    opsdeck_api restore-last catcounter/redis || die "catcounter: restore failed"
    log "catcounter: cats_counted back to $(redis_cat GET catcounter:cats_counted) (was $(cat "$DEMO/catcounter-lost") at the backup)"
    rm -f "$DEMO/catcounter-lost"
  fi
  local v1 id; v1="$(docker image inspect -f '{{.Id}}' opsdeck-demo/catcounter:1)"
  for id in $(containers catcounter web); do
    [ "$(docker inspect -f '{{.Image}}' "$id")" = "$v1" ] && continue
    log "catcounter/web runs v2: rolling it back to v1 through Opsdeck"
    opsdeck_api deploy catcounter/web opsdeck-demo/catcounter:1 60 >&2 || compose catcounter up -d --force-recreate web >&2
    return
  done
}

cmd_scenario() {
  engine_env || die "engine not running (demo.sh up first)"
  case "${1:-}" in
    miyraa)
      # seed 003: a dependency goes away; /ready fails with its reason while /health (liveness) still passes
      cmd_break miyraa/redis down
      log "miyraa: rate-limit store stopped — miyraa-api /health 200, /ready 503 (reason named); Opsdeck shows degraded" ;;
    analytics)
      # seed 000: a backlog builds; QueueBacklog fires; scale analytics/worker from its row to drain it
      cmd_break analytics/worker backlog
      log "analytics: backlog — the running workers are stuck and QueueBacklog fires in ~40 s; scale analytics/worker from its row (⋯ → Scale…) and the new worker drains the queue; \`demo.sh fix\` clears the switch" ;;
    doorbell) scenario_doorbell ;;
    imaging) scenario_imaging ;;
    catcounter) scenario_catcounter ;;
    *) die "usage: demo.sh scenario <${STACKS[*]// /|}>" ;;
  esac
}
# run by `demo.sh fix` (everything) after the switches are cleared
fix_scenarios() {
  fix_doorbell
  fix_catcounter
  fix_imaging
}
