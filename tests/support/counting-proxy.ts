import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface CountingProxy {
  /** `unix://` address of the proxy, to configure as the engine's */
  url: string;
  /** every request line seen so far, as `METHOD /path?query` (API version prefix removed) */
  calls(): string[];
  close(): Promise<void>;
}

/**
 * A unix-socket proxy in front of an engine that records each HTTP request line crossing it (a
 * keep-alive connection carries several), so a test can count the engine calls Opsdeck makes.
 * Request bodies (JSON) never start with a method and a path, so they are not mistaken for calls.
 */
export async function countingProxy(engineSocket: string): Promise<CountingProxy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-count-'));
  const socket = path.join(dir, 'engine.sock');
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(engineSocket);
    sockets.add(client).add(upstream);
    let head = '';
    client.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const lines = head.split('\r\n');
      head = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]$/.exec(line);
        if (m) seen.push(`${m[1]} ${(m[2] ?? '').replace(/^\/v1\.\d+/, '')}`);
      }
      if (head.length > 8192) head = head.slice(-8192);
    });
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((r) => server.listen(socket, r));
  return {
    url: `unix://${socket}`,
    calls: () => [...seen],
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
