import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUSYBOX, docker, expect, removeProject, runReplica, test } from './support/fixtures';
import { ADMIN_PASSWORD, type RunningServer, startServer } from './support/server';

// The real thing: a production server is SIGKILLed while a restart job waits for a replica that
// never turns healthy; a new server on the same data dir must report the job `interrupted`.
const P = 'opsdeck-test-actions-kill';
const IMAGE = 'opsdeck-test/actions-kill:1';

const cleanup = () => removeProject(P);

async function tokenFor(url: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const res = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ name: 'kill-test', scopes: ['read', 'operate'] }),
  });
  const { token } = (await res.json()) as { token?: string };
  if (!token) throw new Error('could not mint a token');
  return token;
}

async function findServiceId(url: string, headers: Record<string, string>): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${url}/api/v1/services`, { headers });
    const { services } = (await res.json()) as { services: { id: string; stack: string; name: string }[] };
    const id = services.find((s) => s.stack === P && s.name === 'slow')?.id;
    if (id) return id;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`service ${P}/slow not listed within 20 s`);
}

test.beforeAll(async () => {
  await cleanup();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-kill-img-'));
  // Health stays "starting" for a minute after each start, so the restart job keeps waiting.
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM ${BUSYBOX}\nHEALTHCHECK --interval=60s --start-period=60s CMD true\nCMD ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]\n`,
  );
  await docker('build', '-q', '-t', IMAGE, dir);
  await runReplica({ project: P, service: 'slow', n: 1, image: IMAGE });
});
test.afterAll(cleanup);

test('a job running when the server is killed is interrupted after restart, saying where it was', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-e2e-kill-'));
  let server: RunningServer = await startServer({}, dataDir);
  try {
    const token = await tokenFor(server.url);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const serviceId = await findServiceId(server.url, auth);
    const started = await fetch(`${server.url}/api/v1/services/${serviceId}/restart`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ timeoutSeconds: 300 }),
    });
    expect(started.status).toBe(202);
    const { job } = (await started.json()) as { job: { id: string } };
    await expect
      .poll(async () => {
        const res = await fetch(`${server.url}/api/v1/jobs/${job.id}`, { headers: auth });
        return ((await res.json()) as { job: { steps: { message: string }[] } }).job.steps
          .map((s) => s.message)
          .join('\n');
      })
      .toContain(`Restarting ${P}_slow_1`);
    await server.stop('SIGKILL');
    server = await startServer({}, dataDir);
    const res = await fetch(`${server.url}/api/v1/jobs/${job.id}`, { headers: auth });
    const after = (await res.json()) as { job: { status: string; steps: { message: string }[] } };
    expect(after.job.status).toBe('interrupted');
    expect(after.job.steps.at(-1)?.message).toContain(`restart was at "Restarting ${P}_slow_1"`);
  } finally {
    await server.stop();
  }
});
