#!/usr/bin/env bash
# Builds the deployment images: opsdeck:local (the app) and opsdeck-socket-proxy:local (the Node socket
# proxy of deploy/socket-proxy with the engine allow-list generated from lib/docker/engine-calls.ts).
#
# Usage: scripts/image.sh [app|proxy|bases|all ...]   (no args = app proxy)
# Env:
#   OPSDECK_IMAGE_BASE   auto (default) | registry | local
#                        registry: FROM the official NODE_IMAGE / BUILD_IMAGE (node:20-bookworm-slim)
#                        local:    bases made from this machine's own node, toolchain and busybox, for
#                                  machines (and CI) where no registry is reachable
#                        auto:     registry when the official image is present or pullable, else local
#   OPSDECK_IMAGE_SOURCE worktree (default: tracked + untracked, non-ignored files) | head (last commit)
#   OPSDECK_IMAGE_TAG    default opsdeck:local
# The socket proxy follows the same choice: the official node image, or the local run base.
# Idempotent: each image carries the label opsdeck.image.hash over its inputs; a match is reused.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${DOCKER_HOST:-}" ]; then DOCKER_HOST="$(bash "$ROOT/scripts/sandbox.sh" start)"; fi
export DOCKER_HOST
RECIPE=3   # bump when the recipes below change
APP_TAG="${OPSDECK_IMAGE_TAG:-opsdeck:local}"
PROXY_TAG=opsdeck-socket-proxy:local
OFFICIAL_NODE=node:20-bookworm-slim
LOCAL_RUN_BASE=opsdeck-base/node-run:20       # made here: busybox + node + libs + CA certificates
LOCAL_BUILD_BASE=opsdeck-base/node-build:20   # made here: node + npm + python3 + make + g++
BUSYBOX_BIN=/bin/busybox
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT

log() { printf '[image] %s\n' "$*" >&2; }
label_of() { docker image inspect -f '{{index .Config.Labels "opsdeck.image.hash"}}' "$1" 2>/dev/null || true; }
hash_stdin() { { echo "recipe=$RECIPE"; cat; } | sha256sum | cut -c1-16; }

# Installed Debian packages a native-module build needs, with their installed dependencies.
BUILD_PACKAGES=(nodejs g++ make python3 libc6-dev ca-certificates dash bash coreutils sed grep findutils diffutils gzip tar)
package_closure() {
  apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${BUILD_PACKAGES[@]}" 2>/dev/null | grep -v '^ ' | grep -v '<' | sort -u
}
package_files() { # the regular files and symlinks those packages installed, minus documentation
  local p f
  for p in $(package_closure); do dpkg -L "$p" 2>/dev/null || true; done | sort -u |
    grep -vE '^/usr/share/(doc|man|info|locale|lintian)/' | while IFS= read -r f; do
      if [ -L "$f" ] || [ -f "$f" ]; then echo "${f#/}"; fi
    done
}

build_local_build_base() {
  command -v dpkg >/dev/null && command -v apt-cache >/dev/null ||
    { log "making $LOCAL_BUILD_BASE needs a Debian/Ubuntu host (dpkg); set OPSDECK_IMAGE_BASE=registry"; exit 1; }
  local missing=() p
  for p in nodejs g++ make python3 libc6-dev; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] || { log "install first: apt-get install ${missing[*]}"; exit 1; }
  package_files >"$WORK/build-files"
  local h; h="$( { dpkg-query -W "${BUILD_PACKAGES[@]}" $(package_closure) 2>/dev/null | sort -u;
    sha256sum "$BUSYBOX_BIN" /etc/ssl/certs/ca-certificates.crt /usr/lib/node_modules/npm/package.json; } | hash_stdin)"
  if [ "$(label_of "$LOCAL_BUILD_BASE")" = "$h" ]; then log "reused $LOCAL_BUILD_BASE"; return; fi
  local r="$WORK/build-root"
  mkdir -p "$r/usr/bin" "$r/usr/sbin" "$r/usr/lib" "$r/usr/lib64" "$r/etc/ssl" "$r/tmp" "$r/root" "$r/src"
  chmod 1777 "$r/tmp"
  # the host is merged-/usr: keep that layout so absolute symlink targets (/lib64/ld-linux…) resolve
  ln -s usr/bin "$r/bin"; ln -s usr/sbin "$r/sbin"; ln -s usr/lib "$r/lib"; ln -s usr/lib64 "$r/lib64"
  tar -C / -c --no-recursion -T "$WORK/build-files" 2>/dev/null | tar -C "$r" -x --keep-directory-symlink
  # Debian's alternatives (cc, c++, …) are symlinks outside any package list: resolve those the closure has
  local alt target
  for alt in /usr/bin/*; do
    [ -L "$alt" ] && [ "$(readlink "$alt")" = "/etc/alternatives/${alt##*/}" ] || continue
    target="$(readlink -f "$alt")"
    if [ -e "$r$target" ] && [ ! -e "$r$alt" ]; then ln -s "$target" "$r$alt"; fi
  done
  # npm as installed now (it may have been upgraded past the version the nodejs package shipped)
  tar -C / -c usr/lib/node_modules/npm | tar -C "$r" -x --keep-directory-symlink
  cp -rL /etc/ssl/certs "$r/etc/ssl/certs"
  cp "$BUSYBOX_BIN" "$r/usr/bin/busybox"
  local a # busybox fills in whatever small tool the packages above do not provide (wget, ps…)
  for a in $("$BUSYBOX_BIN" --list); do [ -e "$r/usr/bin/$a" ] || [ -e "$r/usr/sbin/$a" ] || ln -s busybox "$r/usr/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
  cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
  # nodedir: headers of this very node (no download); build_from_source: prebuilt binaries come from
  # GitHub, which such machines rarely reach, and compiling here matches the run base exactly.
  tar -C "$r" -c . | docker import \
    --change "LABEL opsdeck.image.hash=$h" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'ENV npm_config_nodedir=/usr' \
    --change 'ENV npm_config_build_from_source=true' \
    --change 'ENV npm_config_cafile=/etc/ssl/certs/ca-certificates.crt' \
    --change 'WORKDIR /src' --change 'CMD ["/bin/sh"]' - "$LOCAL_BUILD_BASE" >/dev/null
  log "built  $LOCAL_BUILD_BASE ($(docker image inspect -f '{{.Size}}' "$LOCAL_BUILD_BASE" | awk '{printf "%d MB", $1/1e6}'))"
}

# The run base: busybox, this machine's node, CA certificates, and the shared libraries of node and of
# every native module the project installs (argon2 needs librt, which node itself does not).
build_local_run_base() {
  local node lib a libs; node="$(readlink -f "$(command -v node)")"
  libs="$( { ldd "$node"; find "$ROOT/node_modules" -name '*.node' -type f -exec ldd {} \; 2>/dev/null; } |
    grep -oE '/[^ ]+' | sort -u)"
  local h; h="$( { sha256sum "$node" "$BUSYBOX_BIN" /etc/ssl/certs/ca-certificates.crt; for lib in $libs; do sha256sum "$(readlink -f "$lib")"; done; } | hash_stdin)"
  if [ "$(label_of "$LOCAL_RUN_BASE")" = "$h" ]; then log "reused $LOCAL_RUN_BASE"; return; fi
  local r="$WORK/run-root"
  mkdir -p "$r/usr/bin" "$r/usr/sbin" "$r/usr/lib" "$r/usr/lib64" "$r/etc/ssl" "$r/tmp" "$r/app"
  chmod 1777 "$r/tmp"
  ln -s usr/bin "$r/bin"; ln -s usr/sbin "$r/sbin"; ln -s usr/lib "$r/lib"; ln -s usr/lib64 "$r/lib64"
  cp "$node" "$r/usr/bin/node"
  for lib in $libs; do mkdir -p "$r$(dirname "$lib")"; cp -L "$lib" "$r$lib"; done
  cp -rL /etc/ssl/certs "$r/etc/ssl/certs"
  cp "$BUSYBOX_BIN" "$r/usr/bin/busybox"
  for a in $("$BUSYBOX_BIN" --list); do [ -e "$r/usr/bin/$a" ] || [ -e "$r/usr/sbin/$a" ] || ln -s busybox "$r/usr/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
  printf '127.0.0.1 localhost\n' >"$r/etc/hosts"
  tar -C "$r" -c . | docker import --change "LABEL opsdeck.image.hash=$h" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'WORKDIR /app' --change 'CMD ["node"]' - "$LOCAL_RUN_BASE" >/dev/null
  log "built  $LOCAL_RUN_BASE ($(docker image inspect -f '{{.Size}}' "$LOCAL_RUN_BASE" | awk '{printf "%d MB", $1/1e6}'))"
}

build_local_bases() {
  build_local_run_base
  build_local_build_base
}

# registry or local, decided once per run (auto: registry when the official node image is here or
# can be pulled)
base_mode() {
  if [ -z "${BASE_MODE:-}" ]; then
    BASE_MODE="${OPSDECK_IMAGE_BASE:-auto}"
    if [ "$BASE_MODE" = auto ]; then
      if docker image inspect "$OFFICIAL_NODE" >/dev/null 2>&1 ||
        timeout 30 docker pull -q "$OFFICIAL_NODE" >/dev/null 2>&1; then BASE_MODE=registry; else BASE_MODE=local; fi
      log "base images: $BASE_MODE"
    fi
    case "$BASE_MODE" in registry|local) ;; *) log "OPSDECK_IMAGE_BASE must be auto, registry or local"; exit 2 ;; esac
  fi
}

# which FROM images the Dockerfile gets
choose_bases() {
  base_mode
  if [ "$BASE_MODE" = registry ]; then
    NODE_IMAGE="${NODE_IMAGE:-$OFFICIAL_NODE}"; BUILD_IMAGE="${BUILD_IMAGE:-$OFFICIAL_NODE}"
  else
    build_local_bases; NODE_IMAGE="$LOCAL_RUN_BASE"; BUILD_IMAGE="$LOCAL_BUILD_BASE"
  fi
}

# The build context as a tar on stdout: the files git knows about (so .gitignore'd data, .sandbox,
# node_modules never reach the engine), filtered again by .dockerignore inside docker build.
context_tar() {
  if [ "${OPSDECK_IMAGE_SOURCE:-worktree}" = head ]; then
    git -C "$ROOT" archive --format=tar HEAD
  else
    (cd "$ROOT" && git ls-files -z -co --exclude-standard | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' _ |
      tar -c --null --no-recursion -T -)
  fi
}

build_app() {
  choose_bases
  context_tar >"$WORK/context.tar"
  local h; h="$( { sha256sum <"$WORK/context.tar" | cut -c1-64;
    docker image inspect -f '{{.Id}}' "$NODE_IMAGE" "$BUILD_IMAGE" 2>/dev/null || echo "$NODE_IMAGE $BUILD_IMAGE"; } | hash_stdin)"
  if [ "$(label_of "$APP_TAG")" = "$h" ]; then log "reused $APP_TAG (sources unchanged)"; return; fi
  log "building $APP_TAG FROM $NODE_IMAGE (build stage $BUILD_IMAGE); npm ci + next build take a few minutes"
  local started=$SECONDS
  # --network host: the sandbox engine has no bridge; npm ci reaches the registry as the host does
  if ! docker build --network host --build-arg "NODE_IMAGE=$NODE_IMAGE" --build-arg "BUILD_IMAGE=$BUILD_IMAGE" \
    --label "opsdeck.image.hash=$h" -t "$APP_TAG" - <"$WORK/context.tar" >"$WORK/build.log" 2>&1; then
    tail -60 "$WORK/build.log" >&2
    log "docker build failed"
    exit 1
  fi
  log "built  $APP_TAG in $((SECONDS - started))s ($(docker image inspect -f '{{.Size}}' "$APP_TAG" | awk '{printf "%d MB", $1/1e6}'))"
}

# The socket proxy: deploy/socket-proxy/*.mjs (no dependencies) on node, from the official node image
# or the local run base made from this machine's node (the same choice as the app).
build_proxy() {
  local dir="$ROOT/deploy/socket-proxy" base h
  base_mode
  if [ "$BASE_MODE" = registry ]; then base="$OFFICIAL_NODE"; else build_local_run_base; base="$LOCAL_RUN_BASE"; fi
  node --check "$dir/proxy.mjs" || { log "$dir/proxy.mjs does not parse"; exit 1; }
  h="$( { docker image inspect -f '{{.Id}}' "$base" 2>/dev/null || echo "$base";
    cd "$dir" && cat Dockerfile engine-calls.json ./*.mjs; } | hash_stdin)"
  if [ "$(label_of "$PROXY_TAG")" = "$h" ]; then log "reused $PROXY_TAG"; return; fi
  docker build -q --network host --build-arg "NODE_IMAGE=$base" --label "opsdeck.image.hash=$h" \
    -t "$PROXY_TAG" "$dir" >"$WORK/proxy-build.log" 2>&1 || { cat "$WORK/proxy-build.log" >&2; exit 1; }
  log "built  $PROXY_TAG FROM $base ($(docker image inspect -f '{{.Size}}' "$PROXY_TAG" | awk '{printf "%d MB", $1/1e6}'))"
}

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(app proxy)
for t in "${targets[@]}"; do
  case "$t" in
    app) build_app ;;
    proxy) build_proxy ;;
    bases) build_local_bases ;;
    all) build_proxy; build_app ;;
    *) echo "usage: $0 [app|proxy|bases|all ...]" >&2; exit 2 ;;
  esac
done
