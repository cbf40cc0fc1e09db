import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

/**
 * A real HTTP server whose upgrades go to the terminal's handler, as scripts/start.mjs hands them
 * over, and a client that collects what a terminal shows.
 */
export async function terminalServer(
  handler: (req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => boolean,
): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  // upgraded connections are no longer the server's: closeAllConnections does not reach them
  const upgraded = new Set<import('node:stream').Duplex>();
  server.on('upgrade', (req, socket, head) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    if (!handler(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface OpenTerminal {
  ws: WebSocket;
  /** everything the terminal showed so far */
  screen(): string;
  /** waits until the screen holds `text` */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  type(text: string): void;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens the terminal WebSocket; rejects with the HTTP status when the upgrade is refused. */
export function openTerminal(
  url: string,
  options: { headers?: Record<string, string>; protocols?: string[] } = {},
): Promise<OpenTerminal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
    let screen = '';
    const waiters: (() => void)[] = [];
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) screen += data.toString('utf8');
      for (const w of [...waiters]) w();
    });
    const closed = new Promise<{ code: number; reason: string }>((res) =>
      ws.on('close', (code, reason) => {
        for (const w of [...waiters]) w();
        res({ code, reason: reason.toString() });
      }),
    );
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () =>
        reject(
          Object.assign(new Error(`refused: ${res.statusCode} ${body}`), { status: res.statusCode, body }),
        ),
      );
    });
    ws.on('error', (err) => reject(err));
    ws.on('open', () =>
      resolve({
        ws,
        screen: () => screen,
        type: (text) => ws.send(Buffer.from(text), { binary: true }),
        closed,
        waitFor: (text, timeoutMs = 15_000) =>
          new Promise<void>((res, rej) => {
            const test = () => (typeof text === 'string' ? screen.includes(text) : text.test(screen));
            if (test()) return res();
            const timer = setTimeout(
              () =>
                rej(
                  new Error(
                    `the terminal never showed ${text}; it shows: ${JSON.stringify(screen.slice(-500))}`,
                  ),
                ),
              timeoutMs,
            );
            const check = () => {
              if (!test()) return;
              clearTimeout(timer);
              waiters.splice(waiters.indexOf(check), 1);
              res();
            };
            waiters.push(check);
          }),
      }),
    );
  });
}
