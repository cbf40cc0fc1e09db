#!/usr/bin/env bash
# Builds the demo images on the sandbox engine (or on $DOCKER_HOST if exported). No pulls: every image
# is imported from local files (busybox-static, the machine's redis-server / node) or built FROM them.
# Usage: scripts/images.sh [busybox|redis|node|app|v2|sqlite|postgres|haproxy|all ...]   (no args = busybox redis app)
# Idempotent: each image carries a label opsdeck.demo.hash over its inputs; an image whose label
# matches is reused, not rebuilt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${DOCKER_HOST:-}" ]; then DOCKER_HOST="$(bash "$ROOT/scripts/sandbox.sh" start)"; fi
export DOCKER_HOST
RECIPE=3   # bump to force rebuilds when the recipes below change
BUSYBOX_BIN=/bin/busybox
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT

log() { printf '[images] %s\n' "$*" >&2; }
have_hash() { # image hash -> 0 if the image exists with that label
  [ "$(docker image inspect -f '{{index .Config.Labels "opsdeck.demo.hash"}}' "$1" 2>/dev/null || true)" = "$2" ]
}
hash_of() { # files/dirs... -> sha256 of their contents (+ recipe version)
  { echo "recipe=$RECIPE"; for f in "$@"; do
      if [ -d "$f" ]; then (cd "$f" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
      else sha256sum "$(readlink -f "$f")"; fi
    done; } | sha256sum | cut -c1-16
}
# copy a binary and its shared libraries (ldd) into a rootfs
copy_with_libs() { # rootfs binary...
  local root="$1"; shift
  local b lib
  for b in "$@"; do
    mkdir -p "$root$(dirname "$b")"; cp -L "$b" "$root$b"
    for lib in $(ldd "$b" | grep -oE '/[^ ]+' | sort -u); do
      [ -e "$root$lib" ] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
    done
  done
}
busybox_rootfs() { # dir
  local r="$1"
  mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,etc,tmp,root,data,var/run,flags,proc,sys,dev}
  chmod 1777 "$r/tmp"
  cp "$BUSYBOX_BIN" "$r/bin/busybox"
  local a
  for a in $("$BUSYBOX_BIN" --list); do
    [ "$a" = busybox ] || ln -sf busybox "$r/bin/$a"
  done
  ln -sf ../../bin/env "$r/usr/bin/env"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
  printf '127.0.0.1 localhost\n' >"$r/etc/hosts"
  install -m 0755 "$ROOT/demo/images/base/opsdeck-entry" "$ROOT/demo/images/base/opsdeck-health" "$r/usr/local/bin/"
}
import_rootfs() { # dir image hash [--change ...]
  local dir="$1" img="$2" h="$3"; shift 3
  tar -C "$dir" -c . | docker import \
    --change "LABEL opsdeck.demo.hash=$h" --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$@" - "$img" >/dev/null
}

build_busybox() {
  local img=opsdeck-demo/busybox:1 h; h="$(hash_of "$BUSYBOX_BIN" "$ROOT/demo/images/base")"
  if have_hash "$img" "$h"; then log "reused $img"; return; fi
  local r="$WORK/busybox"; busybox_rootfs "$r"
  import_rootfs "$r" "$img" "$h" --change 'CMD ["/bin/sh"]'
  log "built  $img"
}

build_redis() {
  local img=opsdeck-demo/redis:1 h
  local srv; srv="$(readlink -f "$(command -v redis-server)")"
  h="$(hash_of "$BUSYBOX_BIN" "$ROOT/demo/images/base" "$srv" "$(command -v redis-cli)")"
  if have_hash "$img" "$h"; then log "reused $img"; return; fi
  local r="$WORK/redis"; busybox_rootfs "$r"
  copy_with_libs "$r" /usr/bin/redis-server /usr/bin/redis-cli
  # redis-check-rdb / redis-check-aof are the redis-server binary invoked under another name
  ln -sf redis-server "$r/usr/bin/redis-check-rdb"; ln -sf redis-server "$r/usr/bin/redis-check-aof"
  import_rootfs "$r" "$img" "$h" --change 'WORKDIR /data' --change 'VOLUME /data' \
    --change 'CMD ["redis-server","--dir","/data","--bind","127.0.0.1","--port","6379"]'
  log "built  $img"
}

build_node() {
  local img=opsdeck-demo/node:20 h node; node="$(readlink -f "$(command -v node)")"
  h="$(hash_of "$BUSYBOX_BIN" "$ROOT/demo/images/base" "$node")"
  if have_hash "$img" "$h"; then log "reused $img"; return; fi
  local r="$WORK/node"; busybox_rootfs "$r"
  copy_with_libs "$r" "$node"
  [ "$node" = /usr/bin/node ] || ln -sf "$node" "$r/usr/bin/node"
  # Debian's node may be linked against shared libnode / ICU etc.; ldd above already copied them.
  if [ -d /etc/ssl/certs ]; then mkdir -p "$r/etc/ssl"; cp -rL /etc/ssl/certs "$r/etc/ssl/certs"; fi
  [ -d /usr/share/ca-certificates ] && { mkdir -p "$r/usr/share"; cp -r /usr/share/ca-certificates "$r/usr/share/"; }
  mkdir -p "$r/app"
  import_rootfs "$r" "$img" "$h" --change 'WORKDIR /app' --change 'CMD ["node"]' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt'
  log "built  $img"
}

# One image with every demo service script (api, scheduler, worker, web, ml, edge); tagged once per
# stack so the console shows meaningful image names. The compose command picks the script.
build_sqlite() {
  local img=opsdeck-demo/sqlite:1 h
  h="$(hash_of "$BUSYBOX_BIN" "$ROOT/demo/images/base" "$(command -v sqlite3)")"
  if have_hash "$img" "$h"; then log "reused $img"; return; fi
  local r="$WORK/sqlite"; busybox_rootfs "$r"
  copy_with_libs "$r" "$(readlink -f "$(command -v sqlite3)")"
  [ -e "$r/usr/bin/sqlite3" ] || ln -sf "$(readlink -f "$(command -v sqlite3)")" "$r/usr/bin/sqlite3"
  import_rootfs "$r" "$img" "$h" --change 'WORKDIR /data' --change 'CMD ["sleep","86400"]'
  log "built  $img"
}

# Debian's PostgreSQL (apt `postgresql`), its share/ and lib/ trees, run as user postgres (uid 70)
build_postgres() {
  local img=opsdeck-demo/postgres:1 h bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$bin" ] || { echo "[images] PostgreSQL is not installed: apt-get install postgresql (scripts/system-deps.sh)" >&2; exit 1; }
  local ver; ver="$(basename "$(dirname "$bin")")"
  h="$(hash_of "$BUSYBOX_BIN" "$ROOT/demo/images/base" "$ROOT/demo/images/postgres" "$bin/postgres" "$bin/pg_dump")"
  if have_hash "$img" "$h"; then log "reused $img"; return; fi
  local r="$WORK/postgres"; busybox_rootfs "$r"
  local b
  for b in postgres initdb pg_ctl pg_dump pg_dumpall pg_restore psql createdb pg_isready; do copy_with_libs "$r" "$bin/$b"; done
  mkdir -p "$r/usr/lib/postgresql/$ver" "$r/usr/share/postgresql" "$r/usr/share/zoneinfo"
  cp -a "/usr/lib/postgresql/$ver/lib" "$r/usr/lib/postgresql/$ver/"
  for b in "$r/usr/lib/postgresql/$ver/lib"/*.so; do copy_with_libs "$r" "/usr/lib/postgresql/$ver/lib/$(basename "$b")"; done
  cp -a "/usr/share/postgresql/$ver" "$r/usr/share/postgresql/"
  cp -a /usr/share/zoneinfo/UTC /usr/share/zoneinfo/Etc "$r/usr/share/zoneinfo/" 2>/dev/null || true
  printf 'postgres:x:70:70:postgres:/tmp:/bin/sh\n' >>"$r/etc/passwd"
  printf 'postgres:x:70:\n' >>"$r/etc/group"
  install -m 0755 "$ROOT/demo/images/postgres/pg-entry" "$ROOT/demo/images/postgres/pg-health" "$r/usr/local/bin/"
  # /dump: where pg_dump writes; a named volume mounted there takes this owner when it is new
  mkdir -p "$r/dump" && chown 70:70 "$r/data" "$r/dump"
  import_rootfs "$r" "$img" "$h" --change 'WORKDIR /data' --change 'USER postgres' --change 'ENV TZ=UTC' \
    --change "ENV PATH=/usr/lib/postgresql/$ver/bin:/usr/local/bin:/usr/bin:/bin" \
    --change 'CMD ["/usr/local/bin/pg-entry"]'
  log "built  $img"
}

# Debian's HAProxy (apt `haproxy`) on busybox: the cat counter's load balancer
build_haproxy() {
  local img=opsdeck-demo/haproxy:1 h bin
  bin="$(command -v haproxy || true)"
  [ -n "$bin" ] || { echo "[images] HAProxy is not installed: apt-get install haproxy (scripts/system-deps.sh)" >&2; exit 1; }
  h="$(hash_of "$BUSYBOX_BIN" "$ROOT/demo/images/base" "$bin")"
  if have_hash "$img" "$h"; then log "reused $img"; return; fi
  local r="$WORK/haproxy"; busybox_rootfs "$r"
  copy_with_libs "$r" "$(readlink -f "$bin")"
  [ -e "$r/usr/sbin/haproxy" ] || { mkdir -p "$r/usr/sbin"; ln -sf "$(readlink -f "$bin")" "$r/usr/sbin/haproxy"; }
  import_rootfs "$r" "$img" "$h" --change 'CMD ["haproxy","-W","-db","-f","/usr/local/etc/haproxy/haproxy.cfg"]'
  log "built  $img"
}

APP_TAGS=(opsdeck-demo/app:1 opsdeck-demo/analytics:1 opsdeck-demo/catcounter:1 opsdeck-demo/miyraa:1 opsdeck-demo/doorbell:1 opsdeck-demo/edge:1)
build_app() {
  local base=opsdeck-demo/busybox:1 h t
  build_busybox
  h="$(hash_of "$ROOT/demo/app")-$(docker image inspect -f '{{.Id}}' "$base" | cut -c8-19)"
  local all=1
  for t in "${APP_TAGS[@]}"; do have_hash "$t" "$h" || all=0; done
  if [ $all = 1 ]; then log "reused ${APP_TAGS[*]}"; return; fi
  local out  # (the v28 CLI prints a legacy-builder deprecation notice: only show output on failure)
  out="$(docker build -q --label "opsdeck.demo.hash=$h" -t "${APP_TAGS[0]}" "$ROOT/demo/app" 2>&1)" || { echo "$out" >&2; exit 1; }
  for t in "${APP_TAGS[@]:1}"; do docker tag "${APP_TAGS[0]}" "$t"; done
  log "built  ${APP_TAGS[*]}"
}
# Version 2 of the doorbell and cat-counter images, for the deploy scenarios (docs/demo.md#scenarios): the
# same scripts with APP_VERSION=2 (doorbell v2's /ready fails: its face model is missing; catcounter v2 is
# good). Built FROM app:1, so they follow it.
V2_TAGS=(opsdeck-demo/doorbell:2 opsdeck-demo/catcounter:2)
build_v2() {
  build_app
  local h t; h="v2-$(docker image inspect -f '{{.Id}}' "${APP_TAGS[0]}" | cut -c8-19)"
  local all=1
  for t in "${V2_TAGS[@]}"; do have_hash "$t" "$h" || all=0; done
  if [ $all = 1 ]; then log "reused ${V2_TAGS[*]}"; return; fi
  local out
  out="$(printf 'FROM %s\nENV APP_VERSION=2\n' "${APP_TAGS[0]}" |
    docker build -q --label "opsdeck.demo.hash=$h" -t "${V2_TAGS[0]}" - 2>&1)" || { echo "$out" >&2; exit 1; }
  for t in "${V2_TAGS[@]:1}"; do docker tag "${V2_TAGS[0]}" "$t"; done
  log "built  ${V2_TAGS[*]}"
}

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(busybox redis app)
for t in "${targets[@]}"; do
  case "$t" in
    busybox) build_busybox ;;
    redis) build_redis ;;
    node) build_node ;;
    sqlite) build_sqlite ;;
    postgres) build_postgres ;;
    app|demo) build_app ;;
    v2) build_v2 ;;
    haproxy) build_haproxy ;;
    all) build_busybox; build_redis; build_app; build_node ;;
    *) echo "usage: $0 [busybox|redis|node|app|v2|sqlite|postgres|haproxy|all ...]" >&2; exit 2 ;;
  esac
done
