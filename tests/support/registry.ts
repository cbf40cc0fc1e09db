import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from './engine';

const root = path.resolve(__dirname, '../..');

export interface RunningRegistry {
  /** `127.0.0.1:PORT`: the engine treats loopback registries as insecure (plain HTTP) by default */
  host: string;
  dir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A real Docker registry (Debian's `docker-registry`, the distribution registry v2) on a free
 * loopback port, with its own config and storage under .test-registry/ (git-ignored). Anonymous:
 * what a test pushes, it can pull and check.
 */
export async function startRegistry(): Promise<RunningRegistry> {
  try {
    execFileSync('docker-registry', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'docker-registry is not installed: run scripts/system-deps.sh (Debian package docker-registry)',
    );
  }
  const port = await freePort();
  const dir = path.join(root, '.test-registry', String(port));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(
    config,
    `version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: ${path.join(dir, 'data')}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
`,
  );
  let log = '';
  const child: ChildProcess = spawn('docker-registry', ['serve', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (c: Buffer) => {
    log = (log + c.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const host = `127.0.0.1:${port}`;
  await waitFor(
    `the registry on ${host} (log: ${log})`,
    async () => {
      if (child.exitCode !== null) throw new Error(`docker-registry exited ${child.exitCode}: ${log}`);
      const res = await fetch(`http://${host}/v2/`).catch(() => null);
      return res?.status === 200 ? true : undefined;
    },
    15_000,
    100,
  );
  return {
    host,
    dir,
    stop: async () => {
      // a child killed by a signal has a signalCode and no exitCode
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
