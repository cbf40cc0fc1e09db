#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests need. Idempotent: does nothing when all are there.
set -euo pipefail
PKGS=(docker.io docker-compose prometheus prometheus-alertmanager chromium busybox-static redis-server haproxy curl postgresql sqlite3 docker-registry openssl openssh-server)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing Debian packages: ${missing[*]} — run as root or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "[deps] apt-get install ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
