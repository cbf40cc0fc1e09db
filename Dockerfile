# Opsdeck image: npm ci + next build (output: "standalone") in a build stage, then a run stage with only
# the standalone server, its traced production node_modules (native better-sqlite3 / argon2 included)
# and the static files. Build it with `npm run image` (scripts/image.sh), which picks the bases:
#   official (default below)      NODE_IMAGE=BUILD_IMAGE=node:20-bookworm-slim
#   no registry reachable (CI)    bases made from the machine's own node (+ its toolchain for the build
#                                 stage), so native modules compile against the very node they run on.
# The build stage and the run stage must share node's major version and glibc: native modules built in
# one are loaded by the other.
ARG NODE_IMAGE=node:20-bookworm-slim
ARG BUILD_IMAGE=node:20-bookworm-slim

FROM ${BUILD_IMAGE} AS deps
WORKDIR /src
# better-sqlite3 compiles when no prebuilt binary is reachable: the official slim image lacks the
# toolchain, the locally made build base already carries it.
RUN if ! command -v g++ >/dev/null || ! command -v make >/dev/null || ! command -v python3 >/dev/null; then \
      apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*; \
    fi
COPY package.json package-lock.json ./
# npm ci refuses a lock that lacks entries the registry does not carry (mirrors without other platforms'
# optional binaries, e.g. @biomejs/cli-android-*): then install the same locked versions with npm install.
RUN npm ci --no-audit --no-fund --loglevel=error \
 || { echo "npm ci refused the lock file; installing its locked versions with npm install --no-save"; \
      npm install --no-save --no-audit --no-fund --loglevel=error; }

FROM deps AS build
COPY . .
# (one RUN, no ENV step: every step copies the whole tree on engines with the vfs storage driver)
RUN NEXT_TELEMETRY_DISABLED=1 npx next build

FROM ${NODE_IMAGE} AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    OPSDECK_DATA_DIR=/data \
    HOSTNAME=0.0.0.0 \
    PORT=3000
# A fixed uid (not a name) so volume ownership is the same whichever base the image was built on.
RUN echo 'opsdeck:x:10001:10001:opsdeck:/data:/sbin/nologin' >>/etc/passwd \
 && echo 'opsdeck:x:10001:' >>/etc/group \
 && mkdir -p /data /app/.next/cache \
 && chown 10001:10001 /data /app/.next/cache
# The code stays root-owned and read-only to the server: only /data (and Next's cache) are writable.
COPY --from=build /src/.next/standalone ./
COPY --from=build /src/.next/static ./.next/static
COPY --from=build /src/public ./public
# start.mjs stamps every request with its TCP peer (x-opsdeck-peer) before Next loads: the audit log
# and trusted proxy auth rely on it, so the image starts through it, never server.js directly.
COPY --from=build /src/scripts/start.mjs /src/deploy/healthcheck.cjs ./
USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000
# node, not wget/curl: the official slim image has neither.
HEALTHCHECK --interval=15s --timeout=4s --start-period=20s --retries=3 CMD ["node", "/app/healthcheck.cjs"]
# lib/boot.ts closes SSE streams, the engine watchers and the SQLite store on SIGTERM, then exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "start.mjs"]
