#!/usr/bin/env node
// `npm start` (and the container's entry point): serves the production build (Next's standalone
// server) on PORT / HOSTNAME, in this process.
//
// Next keeps whatever X-Forwarded-For a client sends, so the server could not tell where a request
// really came from. Before the server loads, every request gets `x-opsdeck-peer` set to the TCP
// peer's address (any client-sent value is overwritten): the audit log and trusted proxy auth use it.
// Beside it goes `x-opsdeck-peer-secret`, a secret made here for this boot and handed to the server
// in OPSDECK_PEER_SECRET: the server believes the peer header only with it, so a server started any
// other way (`next start`, `next dev`) cannot be told a peer address by a client.
//
// Then the request goes through the front door the server installs at boot (lib/http/front-door.ts,
// from instrumentation.ts) when there is one: overload protection (503 + Retry-After at once) and the
// hot JSON operations served without Next's per-request cost; everything else goes on to Next.
// An HTTP upgrade to the terminal's WebSocket goes to the handler installed the same way
// (lib/http/terminal-upgrade.ts); other upgrades go on to Next.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';

/** An integer setting from 0 to `max`; anything else is said on stderr and the default used. */
function intFromEnv(name, fallback, max) {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= max) return n;
  console.error(
    `${name} must be an integer from 0 to ${max} (got ${JSON.stringify(raw)}): using ${fallback}`,
  );
  return fallback;
}

/**
 * V8 lets the old generation grow to up to four times what was alive after the last full collection
 * when allocation is fast, so under a flood of requests the heap filled with hundreds of MB of dead
 * request objects before anything was collected (bench/throughput.mjs: RSS +160 to +340 MB at twice
 * the capacity). A growth of 20% keeps the heap near what is alive, however large the inventory (no
 * fixed cap to run out of), for a few percent of CPU. OPSDECK_HEAP_GROWING_PERCENT (1–300; 0 leaves
 * V8's own choice). V8 reads the flag at each collection, so setting it here, before any load, holds.
 */
const HEAP_GROWING_PERCENT = intFromEnv('OPSDECK_HEAP_GROWING_PERCENT', 20, 300);
if (HEAP_GROWING_PERCENT > 0) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);

const here = path.dirname(fileURLToPath(import.meta.url));
// In the image this file sits beside server.js; in a checkout the build is in .next/standalone.
const root = fs.existsSync(path.join(here, 'server.js')) ? null : path.resolve(here, '..');
const standalone = root ? path.join(root, '.next', 'standalone') : here;
const server = path.join(standalone, 'server.js');
if (!fs.existsSync(server)) {
  console.error('No production build found: run `npm run build` first.');
  process.exit(1);
}
if (root) {
  for (const [from, to] of [
    [path.join(root, '.next', 'static'), path.join(standalone, '.next', 'static')],
    [path.join(root, 'public'), path.join(standalone, 'public')],
  ]) {
    if (fs.existsSync(from) && !fs.existsSync(to)) fs.symlinkSync(from, to, 'dir');
  }
  // Relative data paths are resolved against the project, not the standalone folder.
  process.env.OPSDECK_DATA_DIR = path.resolve(root, process.env.OPSDECK_DATA_DIR ?? 'data');
}
process.env.PORT ??= '3000';
process.env.HOSTNAME ??= '127.0.0.1';

const PEER = 'x-opsdeck-peer';
const PEER_SECRET = 'x-opsdeck-peer-secret';
const secret = randomBytes(32).toString('base64url');
process.env.OPSDECK_PEER_SECRET = secret;
const emit = http.Server.prototype.emit;
/** Sets the peer headers on a request (or an upgrade), dropping any a client sent. */
function stamp(req) {
  const peer = req.socket?.remoteAddress ?? '';
  // rawHeaders is what Next copies into the Request it hands to route handlers. Only a name of one of
  // the two lengths can be ours (most requests have none): the others are not lower-cased.
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    const name = raw[i];
    if (name.length !== PEER.length && name.length !== PEER_SECRET.length) continue;
    const lower = name.toLowerCase();
    if (lower === PEER || lower === PEER_SECRET) raw.splice(i, 2);
  }
  req.headers[PEER] = peer;
  req.headers[PEER_SECRET] = secret;
  raw.push(PEER, peer, PEER_SECRET, secret);
}
http.Server.prototype.emit = function emitWithPeer(event, ...args) {
  if (event === 'request') {
    stamp(args[0]);
    const door = globalThis.__opsdeckFrontDoor;
    if (door) {
      door(args[0], args[1], () => emit.call(this, event, ...args));
      return true;
    }
  }
  // An upgrade (the terminal's WebSocket, lib/http/terminal-upgrade.ts) is served by the server's own
  // handler when it is one of ours; any other goes on to Next.
  if (event === 'upgrade') {
    stamp(args[0]);
    if (globalThis.__opsdeckUpgrade?.(args[0], args[1], args[2])) return true;
  }
  return emit.call(this, event, ...args);
};

// Next listens with Node's default backlog (511 connections accepted by the kernel, not yet by us).
// A burst of new connections (every wall and on-call tab at once) overflows it while a loop turn is
// busy, and an overflowed connection is not refused: the client believes it is connected and waits
// through SYN-ACK retransmits, seconds to tens of seconds. A deeper backlog (the kernel caps it at
// net.core.somaxconn) holds the burst until the front door can answer it, with a 503 if it must.
const LISTEN_BACKLOG = 4096;
const listen = http.Server.prototype.listen;
let acceptorsAsked = false;
http.Server.prototype.listen = function listenWithBacklog(...args) {
  // Next's call is listen(port, hostname): add the backlog; any other form is left as it is.
  if (args.length === 2 && typeof args[0] === 'number' && typeof args[1] === 'string') {
    // the server Next makes for the app is the first to listen so; only it gets the extra descriptors
    if (!acceptorsAsked) this.once('listening', () => addAcceptors(this, ACCEPTORS));
    acceptorsAsked = true;
    return listen.call(this, args[0], args[1], LISTEN_BACKLOG);
  }
  return listen.apply(this, args);
};

/** Extra descriptors of the listening socket (OPSDECK_ACCEPTORS, 0–256; 0 turns them off). */
const ACCEPTORS = intFromEnv('OPSDECK_ACCEPTORS', 64, 256);

/**
 * libuv (since 1.45) accepts ONE connection each time the loop polls the listening descriptor, and a
 * busy loop polls once per turn: under load a turn serves hundreds of requests, so new connections
 * were taken at ~10/s and a burst of clients waited seconds, even tens of seconds, in the kernel's
 * queue (bench/throughput.mjs). Every extra descriptor of the same listening socket is polled too, so
 * a turn accepts up to `1 + n` connections (64 more: a burst of 4,096 new connections at twice the
 * capacity was accepted within a second, where 16 took ~16 s; an idle server pays 64 accept calls
 * that find nothing per new connection, a few microseconds). Node 20 cannot duplicate a descriptor itself (no
 * SO_REUSEPORT before Node 22): a helper process receives the socket's raw handle over IPC and sends
 * it straight back (SCM_RIGHTS makes a new descriptor each way). The helper never listens on it (a
 * raw handle is not a server), and its copies close when it exits, which it does after the last.
 */
function addAcceptors(server, n) {
  if (n <= 0 || !server._handle) return;
  const helper = spawn(
    process.execPath,
    [
      '-e',
      "process.on('message', (m, h) => { process.send(m, h); if (m === 'last') process.disconnect(); });",
    ],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  const giveUp = setTimeout(() => helper.kill('SIGKILL'), 10_000);
  giveUp.unref();
  helper.once('exit', () => clearTimeout(giveUp));
  helper.on('error', () => undefined);
  const extras = [];
  helper.on('message', (_m, handle) => {
    if (!handle) return;
    const extra = new net.Server();
    // A connection accepted on any descriptor is the HTTP server's: its parser, peer stamp, front door.
    extra.on('connection', (socket) => server.emit('connection', socket));
    extra.on('error', () => extra.close());
    extra.listen(handle, LISTEN_BACKLOG);
    extras.push(extra);
  });
  server.once('close', () => {
    for (const e of extras) e.close();
  });
  for (let i = 0; i < n; i++) helper.send(i === n - 1 ? 'last' : 'dup', server._handle);
}

process.chdir(standalone);
await import(pathToFileURL(server).href);
