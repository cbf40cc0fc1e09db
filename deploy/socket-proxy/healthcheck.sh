#!/bin/sh
# Healthcheck of the socket proxy: healthy when the engine answers /_ping through it (so a proxy
# that runs but cannot reach the socket is reported unhealthy, not green).
addr="${SOCKET_PROXY_ADDR:-0.0.0.0}"
[ "$addr" = 0.0.0.0 ] && addr=127.0.0.1
exec wget -q -O /dev/null "http://$addr:${SOCKET_PROXY_PORT:-2375}/_ping"
