import net from 'node:net';
import type { Job } from '@/lib/jobs/types';
import { docker, waitFor } from '../support/engine';

/** A free 127.0.0.1 port in 17000–17999 (checked by binding it). */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 17000 + Math.floor(Math.random() * 1000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 17000–17999');
}

/** Waits until a job is finished and returns it. */
export async function finished(jobId: string, timeoutMs = 120_000): Promise<Job> {
  const { getJob } = await import('@/lib/jobs/engine');
  return waitFor(
    `job ${jobId} to finish`,
    () => {
      const job = getJob(jobId);
      return job.status === 'queued' || job.status === 'running' ? undefined : job;
    },
    timeoutMs,
    100,
  );
}

/** The id of `stack/name` once the inventory shows it healthy (imported late: tests set env first). */
export async function healthyServiceId(stack: string, name: string, timeoutMs = 60_000): Promise<string> {
  const { listServices } = await import('@/lib/services');
  const svc = await waitFor(
    `${stack}/${name} healthy`,
    async () => {
      const s = (await listServices()).services.find((x) => x.stack === stack && x.name === name);
      return s?.status === 'healthy' ? s : undefined;
    },
    timeoutMs,
  );
  return svc.id;
}

export function redisCompose(port: number, labels: Record<string, string>): string {
  const labelLines = Object.entries(labels)
    .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `
version: "2.4"
services:
  redis:
    image: opsdeck-demo/redis:1
    command: ["redis-server", "--bind", "127.0.0.1", "--port", "${port}", "--dir", "/data", "--save", ""]
    network_mode: host
    volumes: ["data:/data"]
    healthcheck:
      test: ["CMD", "redis-cli", "-p", "${port}", "ping"]
      interval: 1s
      retries: 3
    labels:
${labelLines || '      opsdeck.test: "1"'}
volumes:
  data: {}
`;
}

/** Removes volumes left by an earlier run, with any container still holding them (a killed run's helper). */
export async function removeVolumes(...names: string[]): Promise<void> {
  for (const name of names) {
    const holders = (await docker('ps', '-aq', '--filter', `volume=${name}`)).split('\n').filter(Boolean);
    if (holders.length > 0) await docker('rm', '-f', '-v', ...holders);
    if ((await docker('volume', 'ls', '-q', '--filter', `name=^${name}$`)) !== '')
      await docker('volume', 'rm', name);
  }
}
