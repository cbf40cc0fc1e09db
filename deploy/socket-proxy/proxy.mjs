#!/usr/bin/env node
// Opsdeck's Docker socket proxy: Opsdeck reaches the engine only through this, and this forwards
// exactly the engine calls Opsdeck's client makes (engine-calls.json, generated from
// lib/docker/engine-calls.ts), each under the rule policy.mjs gives it. Everything else: 403 with a
// JSON message, logged. Why each rule exists: docs/socket-proxy.md.
//
// Environment:
//   SOCKET_PROXY_SOCKET   listen on this unix socket (loopback mode), else on TCP:
//   SOCKET_PROXY_ADDR / SOCKET_PROXY_PORT (0.0.0.0 / 2375)
//   SOCKET_PROXY_SOCKET_UID, _GID, _MODE  owner and mode of the unix socket (default mode 0660)
//   SOCKET_PROXY_ENGINE   the engine socket (/var/run/docker.sock)
//   SOCKET_PROXY_HOST_SOCKET  where that socket is on the host, if elsewhere (never bound by clones)
//   SOCKET_PROXY_LOG_ALLOWED=1  log every forwarded call too (default: refusals only)
//   SOCKET_PROXY_ACTIONS=1 / SOCKET_PROXY_BACKUPS=1  0 refuses that group of calls: a read-only console
//   SOCKET_PROXY_EXEC  0 refuses terminals (interactive exec, resize) and one-shot commands; unset:
//                      as SOCKET_PROXY_BACKUPS
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { engineReader } from './engine.mjs';
import { decide, SCREENED } from './policy.mjs';
import { route } from './routes.mjs';
import { ownContainer } from './self.mjs';
import { parseStrict } from './strict-json.mjs';

const MAX_BODY = 256 * 1024;
const env = process.env;
const ENGINE = env.SOCKET_PROXY_ENGINE || '/var/run/docker.sock';
const ctx = {
  engine: engineReader(ENGINE),
  isOwn: ownContainer(),
  extraPaths: [ENGINE, env.SOCKET_PROXY_HOST_SOCKET].filter(Boolean).map((p) => path.dirname(p)),
  actions: (env.SOCKET_PROXY_ACTIONS ?? '1') === '1',
  backups: (env.SOCKET_PROXY_BACKUPS ?? '1') === '1',
  // unset or empty: as SOCKET_PROXY_BACKUPS, which switched every exec off before terminals existed
  exec: (env.SOCKET_PROXY_EXEC || env.SOCKET_PROXY_BACKUPS || '1') === '1',
};

const log = (fields) =>
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);

function refusal(res, status, why, req) {
  log({ level: 'warn', msg: 'refused', method: req.method, url: req.url?.slice(0, 300), why });
  const body = JSON.stringify({
    message: status === 404 ? why : `refused by the Opsdeck socket proxy: ${why} (docs/socket-proxy.md)`,
  });
  if (res instanceof net.Socket) {
    res.end(
      `HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    return;
  }
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  res.end(body);
}

/** Reads a screened body whole, up to MAX_BODY. */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        // refused at once (413); the rest is read and dropped so the client sees the answer, up to a
        // bound past which the connection is cut
        chunks.length = 0;
        if (size > 64 * MAX_BODY) req.destroy();
        reject(Object.assign(new Error(`the body is larger than ${MAX_BODY} bytes`), { status: 413 }));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The route and the policy's verdict for a request; the body, when screened, is parsed strictly. */
async function judge(req) {
  const r = route(req.method ?? '', req.url ?? '');
  if (!r.ok) return { ok: false, status: 403, why: r.why };
  const version = /^\/v\d+\.\d+(?=\/)/.exec(req.url ?? '')?.[0] ?? '';
  let body;
  if (SCREENED.has(r.call.name)) {
    const raw = await readBody(req);
    try {
      body = raw.length === 0 ? {} : parseStrict(raw);
    } catch (err) {
      return { ok: false, status: 403, why: `the body cannot be screened: ${err.message}` };
    }
  }
  const verdict = await decide({ ...r, version }, body, ctx);
  if (!verdict.ok) return verdict;
  // for tests and audits: which calls went through (routine traffic, so off by default)
  if (env.SOCKET_PROXY_LOG_ALLOWED === '1') log({ level: 'debug', msg: 'allowed', call: r.call.name });
  return {
    ok: true,
    path: verdict.path ?? req.url,
    body: SCREENED.has(r.call.name) ? verdict.body : undefined,
  };
}

/** Headers to the engine: hop-by-hop ones dropped, the length set for a re-serialised body. */
function upstreamHeaders(req, body) {
  const headers = { ...req.headers };
  delete headers['proxy-connection'];
  if (body !== undefined) {
    delete headers['transfer-encoding'];
    delete headers['content-type'];
    if (body) headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return headers;
}

const server = http.createServer(async (req, res) => {
  let v;
  try {
    v = await judge(req);
  } catch (err) {
    return refusal(
      res,
      err.status ?? 502,
      err.status ? err.message : `the engine could not be asked: ${err.message}`,
      req,
    );
  }
  if (!v.ok) return refusal(res, v.status ?? 403, v.why, req);
  // Only screened bodies and archive tars reach the engine: the others (start, stop, …) carry none
  // that matters, and old API versions read a whole HostConfig from a start body.
  const body = v.body === undefined ? (v.streamsBody ? undefined : '') : JSON.stringify(v.body);
  const up = http.request({
    socketPath: ENGINE,
    method: req.method,
    path: v.path,
    headers: upstreamHeaders(req, body),
  });
  up.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    answer.pipe(res);
    res.on('close', () => answer.destroy());
  });
  up.on('error', (err) => {
    if (!res.headersSent) refusal(res, 502, `engine: ${err.message}`, req);
    else res.destroy();
  });
  req.on('aborted', () => up.destroy());
  if (body !== undefined) {
    req.resume();
    up.end(body);
  } else req.pipe(up);
});

// Exec start attaches with `Connection: Upgrade, Upgrade: tcp`: the request is judged like any other,
// then the two sockets are spliced (the engine answers 101 and streams raw).
server.on('upgrade', async (req, socket, head) => {
  socket.on('error', () => undefined);
  const r = route(req.method ?? '', req.url ?? '');
  if (!r.ok || r.call.name !== 'exec.start') return refusal(socket, 403, 'only exec start attaches', req);
  let v;
  try {
    v = await judge(req);
  } catch (err) {
    return refusal(socket, err.status ?? 502, err.message, req);
  }
  if (!v.ok) return refusal(socket, v.status ?? 403, v.why, req);
  const length = Number(req.headers['content-length'] ?? 0);
  if (req.headers['transfer-encoding'] || !Number.isInteger(length) || length > 4096)
    return refusal(socket, 403, 'an exec attach sends a small body with a Content-Length', req);
  splice(req, v.path, socket, head, length);
});

/**
 * Client bytes beyond the request's own body go to the engine only once it has answered 101: were
 * the engine to answer anything else and keep the connection, those bytes would be read as another
 * (unscreened) HTTP request. Without a 101 the engine gets no more and the answer is relayed.
 */
function splice(req, path, socket, head, length) {
  const upstream = net.connect(ENGINE);
  upstream.on('error', () => socket.destroy());
  socket.on('close', () => upstream.destroy());
  const lines = [`${req.method} ${path} HTTP/1.1`];
  for (let k = 0; k < req.rawHeaders.length; k += 2)
    lines.push(`${req.rawHeaders[k]}: ${req.rawHeaders[k + 1]}`);
  upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
  let bodyLeft = length;
  let held = [];
  const fromClient = (chunk) => {
    const body = chunk.subarray(0, bodyLeft);
    bodyLeft -= body.length;
    if (body.length > 0) upstream.write(body);
    if (chunk.length > body.length) held.push(chunk.subarray(body.length));
  };
  fromClient(head);
  socket.on('data', fromClient);
  let answer = Buffer.alloc(0);
  const fromEngine = (chunk) => {
    answer = Buffer.concat([answer, chunk]);
    if (answer.indexOf('\r\n\r\n') === -1 && answer.length < 65536) return;
    upstream.off('data', fromEngine);
    socket.off('data', fromClient);
    socket.write(answer);
    if (/^HTTP\/1\.[01] 101 /.test(answer.subarray(0, 16).toString('latin1')) && bodyLeft === 0) {
      for (const h of held) upstream.write(h);
      held = [];
      socket.pipe(upstream);
      upstream.pipe(socket);
    } else {
      upstream.end();
      upstream.pipe(socket);
    }
  };
  upstream.on('data', fromEngine);
}

server.requestTimeout = 0; // event and log streams are long-lived
server.headersTimeout = 30_000;
server.on('clientError', (_err, socket) => socket.destroy());

if (env.SOCKET_PROXY_SOCKET) {
  const file = env.SOCKET_PROXY_SOCKET;
  fs.rmSync(file, { force: true });
  server.listen(file, () => {
    fs.chmodSync(file, Number.parseInt(env.SOCKET_PROXY_SOCKET_MODE || '660', 8));
    if (env.SOCKET_PROXY_SOCKET_UID || env.SOCKET_PROXY_SOCKET_GID)
      fs.chownSync(
        file,
        Number(env.SOCKET_PROXY_SOCKET_UID ?? -1),
        Number(env.SOCKET_PROXY_SOCKET_GID ?? -1),
      );
    log({ level: 'info', msg: 'listening', socket: file, engine: ENGINE, host: os.hostname() });
  });
} else {
  const port = Number(env.SOCKET_PROXY_PORT || 2375);
  server.listen(port, env.SOCKET_PROXY_ADDR || '0.0.0.0', () =>
    log({ level: 'info', msg: 'listening', port, engine: ENGINE }),
  );
}
for (const sig of ['SIGTERM', 'SIGINT'])
  process.on(sig, () => server.close(() => process.exit(0)).closeAllConnections());
