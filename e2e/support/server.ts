import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const ADMIN_PASSWORD = 'e2e-admin-password-1';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  url: string;
  pid: number;
  dataDir: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the production build (`npm start`'s server) with its own data dir on a free loopback port. */
export async function startServer(
  env: Record<string, string | undefined> = {},
  dataDir?: string,
  fixedPort?: number,
): Promise<RunningServer> {
  const server = path.join(ROOT, '.next/standalone/server.js');
  if (!fs.existsSync(server))
    throw new Error('No production build: run `npm run build` before the e2e tests');
  const port = fixedPort ?? (await freePort());
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-e2e-'));
  const logFile = path.join(dir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      OPSDECK_DATA_DIR: dir,
      OPSDECK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      // The console's hot reads are refused while the loop lags or late in a long turn
      // (lib/http/front-door.ts); on a 2-core machine running the whole suite, that is the test run,
      // not overload. overload.spec sets its own.
      OPSDECK_MAX_LOOP_LAG_MS: '10000',
      OPSDECK_MAX_TURN_WAIT_MS: '10000',
      ...env,
    },
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`server did not answer /api/health in 30 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid ?? 0,
    dataDir: dir,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
