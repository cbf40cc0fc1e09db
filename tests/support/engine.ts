import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { dockerOptions } from '@/lib/docker/client';

const pexec = promisify(execFile);

export const BUSYBOX = 'opsdeck-demo/busybox:1';

export function testDocker(): Docker {
  const host = process.env.DOCKER_HOST;
  if (!host)
    throw new Error('DOCKER_HOST is not set: the integration global setup starts the sandbox engine');
  return new Docker(dockerOptions(host));
}

/** Runs the docker CLI against the test engine. */
export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await pexec('docker', args, { env: process.env, maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/** Runs docker-compose (v1.29 on these machines) for a compose file written to a temp dir. */
export async function compose(project: string, yaml: string, ...args: string[]): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `opsdeck-${project}-`));
  const file = path.join(dir, 'docker-compose.yml');
  fs.writeFileSync(file, yaml);
  const { stdout } = await pexec('docker-compose', ['-p', project, '-f', file, ...args], {
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

/** Removes every container and swarm service whose name starts with the prefix. */
export async function removeByPrefix(prefix: string): Promise<void> {
  const d = testDocker();
  for (const s of await d.listServices()) {
    if (s.Spec?.Name?.startsWith(prefix) && s.ID) await d.getService(s.ID).remove();
  }
  const list = await d.listContainers({ all: true });
  await Promise.all(
    list
      .filter(
        (c) =>
          c.Names.some((n) => n.replace(/^\//, '').startsWith(prefix)) ||
          (c.Labels['com.docker.compose.project'] ?? '').startsWith(prefix),
      )
      .map((c) =>
        d
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
  );
}

/** Polls until `check` returns a value that is not undefined, or fails with the last value seen. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** A fresh OPSDECK_DATA_DIR for a test file. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-data-'));
}
