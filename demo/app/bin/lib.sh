# Shared helpers for the demo services (busybox sh). Sourced by demo-service, http-handler, svc-health.
: "${SERVICE:=app}" "${STACK:=demo}" "${REDIS_HOST:=127.0.0.1}" "${REDIS_PORT:=6379}"
M=/tmp/m            # metrics state (container-local)
mkdir -p "$M" 2>/dev/null

now_iso() { date -u +%Y-%m-%dT%H:%M:%SZ; }
now_cs() { # centiseconds since boot (10ms resolution is plenty for a demo)
  read -r up _ </proc/uptime; echo "${up%.*}${up#*.}"
}
rand() { # rand N -> 0..N-1
  echo $(( $(hexdump -n2 -e '"%u"' /dev/urandom) % $1 ))
}
new_cid() { hexdump -n8 -e '2/4 "%08x"' /dev/urandom; }
json_escape() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
# log LEVEL MSG [CID] [EXTRA_JSON_FIELDS]  -> one JSON line on the container's stdout
# FLAVOR=miyraa (seed 003) logs in the write-up's JSONFormatter fields instead:
#   timestamp, level (upper case), logger, message, module, function, line, client_hash, duration
log() {
  local extra=""; [ -n "$4" ] && extra=",$4"
  if [ "$FLAVOR" = miyraa ]; then
    printf '{"timestamp":"%s","level":"%s","logger":"miyraa","message":"%s","module":"main","function":"%s","line":142,"client_hash":"%s"%s}\n' \
      "$(now_iso)" "$(echo "$1" | tr a-z A-Z | sed 's/^WARN$/WARNING/')" "$(json_escape "$2")" "${ROLE:-api}" "${3:-$(new_cid)}" "$extra" >>/proc/1/fd/1
    return
  fi
  printf '{"ts":"%s","level":"%s","stack":"%s","service":"%s","msg":"%s","correlation_id":"%s"%s}\n' \
    "$(now_iso)" "$1" "$STACK" "$SERVICE" "$(json_escape "$2")" "${3:-$(new_cid)}" "$extra" >>/proc/1/fd/1
}
# redis CMD... -> RESP reply lines (CR stripped), empty when redis is unreachable; one connection per command
redis() {
  nc -w 2 "$REDIS_HOST" "$REDIS_PORT" -e /app/bin/resp "$@" 3>&1 2>/dev/null
}
redis_int() { # integer reply or empty
  local r; r="$(redis "$@" | head -1)"; case "$r" in :*) echo "${r#:}" ;; esac
}
counter_add() { # counter_add NAME [N]  (single writer per counter: the service loop)
  local v=0; [ -f "$M/c_$1" ] && read -r v <"$M/c_$1"; echo $(( v + ${2:-1} )) >"$M/c_$1"
}
counter_get() { local v=0; [ -f "$M/c_$1" ] && read -r v <"$M/c_$1"; echo "$v"; }
flag() { [ -f "/flags/$1" ] || [ -f "/stack-flags/$1" ]; }
# The backlog switch models a burst the running workers cannot keep up with (seed 000: "Queue backlog >
# 100"): producers flood for its first minute, and the workers that were running when it was switched on
# are stuck. A worker started after it (a scale-up from Opsdeck) works, so adding workers drains the queue.
backlog_on_since() { # mtime of the switch, or nothing when it is off
  local f; for f in /flags/backlog /stack-flags/backlog; do [ -f "$f" ] && { stat -c %Y "$f"; return 0; }; done; return 1
}
backlog_flooding() { local t; t="$(backlog_on_since)" && [ $(( $(date +%s) - t )) -lt 60 ]; }
backlog_stuck() { local t; t="$(backlog_on_since)" && [ "$t" -ge "$(cat "$M/start" 2>/dev/null || echo 0)" ]; }
