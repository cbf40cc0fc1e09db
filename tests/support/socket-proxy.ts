import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './engine';

const root = path.resolve(__dirname, '../..');

export interface RunningProxy {
  socket: string;
  /** the engine calls the proxy forwarded so far (it logs them with SOCKET_PROXY_LOG_ALLOWED=1) */
  allowed(): string[];
  stop(): Promise<void>;
}

/** Starts deploy/socket-proxy/proxy.mjs on a unix socket in a temp dir, in front of the test engine. */
export async function startProxy(env: Record<string, string> = {}): Promise<RunningProxy> {
  const engine = process.env.DOCKER_HOST ?? '';
  if (!engine.startsWith('unix://'))
    throw new Error(`the proxy test needs the sandbox engine on a unix socket, DOCKER_HOST is "${engine}"`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-proxy-'));
  const socket = path.join(dir, 'engine.sock');
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'deploy/socket-proxy/proxy.mjs')], {
    env: {
      ...process.env,
      SOCKET_PROXY_SOCKET: socket,
      SOCKET_PROXY_ENGINE: engine.slice('unix://'.length),
      SOCKET_PROXY_LOG_ALLOWED: '1',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  await waitFor(`the proxy to listen on ${socket} (log: ${log})`, async () =>
    (await raw(socket, 'GET', '/_ping')).status === 200 ? true : undefined,
  );
  return {
    socket,
    allowed: () =>
      log
        .split('\n')
        .filter((l) => l.includes('"msg":"allowed"'))
        .map((l) => (JSON.parse(l) as { call: string }).call),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        fs.rmSync(dir, { recursive: true, force: true });
      }),
  };
}

/** One request to a unix socket, body sent as given (a string is sent verbatim). */
export function raw(
  socket: string,
  method: string,
  urlPath: string,
  body?: string | Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath: socket,
        method,
        path: urlPath,
        headers:
          body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
