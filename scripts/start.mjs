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
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

process.chdir(standalone);
await import(pathToFileURL(server).href);
