import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUSYBOX, docker, expect, removeProject, runReplica, test } from './support/fixtures';
import { ADMIN_PASSWORD, type RunningServer, startServer } from './support/server';

// The production server SIGKILLed in the middle of a backup, of a verify and of a restore: the live
// volume's files keep their checksums, the next server on the same data dir marks the job interrupted
// saying where it stopped, and its boot removes what the job left (the partial backup directory, the
// helper containers, the throwaway verify volume) and starts the service a killed restore had stopped.
const P = 'opsdeck-test-bkill';
const VOLUME = 'opsdeck-test-bkill-data';

type Step = { message: string };
type JobView = { id: string; status: string; error: string | null; steps: Step[] };

async function removeVolume(): Promise<void> {
  const holders = await docker('ps', '-aq', '--filter', `volume=${VOLUME}`);
  if (holders) await docker('rm', '-f', '-v', ...holders.split('\n'));
  await docker('volume', 'rm', '-f', VOLUME);
}

const cleanup = async () => {
  await removeProject(P);
  await removeVolume();
};

/** sha256 of every file in the volume, as `sha  ./name` lines, read through a throwaway container. */
const checksums = () =>
  docker(
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${VOLUME}:/data:ro`,
    BUSYBOX,
    'sh',
    '-c',
    'cd /data && find . -type f | sort | xargs sha256sum',
  );

/** Containers and volumes Opsdeck's backup jobs created for this volume / backup. */
const helpersOn = (volume: string) =>
  docker('ps', '-aq', '--filter', 'label=opsdeck.helper', '--filter', `volume=${volume}`);
const throwawayVolumes = (backupId: string) =>
  docker(
    'volume',
    'ls',
    '-q',
    '--filter',
    'label=opsdeck.throwaway=true',
    '--filter',
    `label=opsdeck.backup.restored-from=${backupId}`,
  );
const state = () => docker('inspect', '-f', '{{.State.Status}}', `${P}_db_1`);
const partials = (dataDir: string) =>
  fs.existsSync(path.join(dataDir, 'backups'))
    ? fs.readdirSync(path.join(dataDir, 'backups')).filter((n) => n.endsWith('.partial'))
    : [];

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
    body: JSON.stringify({ name: 'bkill', scopes: ['read', 'operate', 'admin'] }),
  });
  const { token } = (await res.json()) as { token?: string };
  if (!token) throw new Error('could not mint a token');
  return token;
}

test.beforeAll(async () => {
  await cleanup();
  await docker('volume', 'create', VOLUME);
  // 3 × 100 MB of random data: a backup of it takes seconds here, long enough to be killed mid-copy.
  await docker(
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${VOLUME}:/data`,
    BUSYBOX,
    'sh',
    '-c',
    'for i in 1 2 3; do head -c 100000000 /dev/urandom > /data/part-$i.bin; done; echo note > /data/small.txt',
  );
  await runReplica({
    project: P,
    service: 'db',
    n: 1,
    options: ['-v', `${VOLUME}:/data`, '--label', 'opsdeck.backup.verify=test -s /data/small.txt'],
    command: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"],
  });
});
test.afterAll(cleanup);

test('SIGKILL mid-backup, mid-verify, mid-restore: data intact, jobs interrupted, leftovers removed at boot', async () => {
  test.setTimeout(300_000);
  const before = await checksums();
  expect(before).toContain('./part-3.bin');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-e2e-bkill-'));
  let server: RunningServer = await startServer({}, dataDir);
  let auth: Record<string, string> = {};
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers: auth,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const job = async (id: string) => (await api('GET', `/api/v1/jobs/${id}`)).body.job as JobView;
  /** Waits until the job's steps, after `after` (if given), include one starting with `prefix`. */
  const reached = (id: string, prefix: string, after?: string) =>
    expect
      .poll(
        async () => {
          const { steps, status } = await job(id);
          const from = after ? steps.findIndex((s) => s.message.startsWith(after)) : 0;
          if (from < 0) return `not yet at "${after}" (${status})`;
          return steps.slice(from).some((s) => s.message.startsWith(prefix)) ? 'there' : status;
        },
        { timeout: 120_000, intervals: [100] },
      )
      .toBe('there');
  const killAndRestart = async () => {
    await server.stop('SIGKILL');
    server = await startServer({}, dataDir);
  };

  try {
    auth = { authorization: `Bearer ${await tokenFor(server.url)}`, 'content-type': 'application/json' };
    let serviceId = '';
    await expect
      .poll(async () => {
        const services = (await api('GET', '/api/v1/services')).body.services as {
          id: string;
          stack: string;
        }[];
        serviceId = services.find((s) => s.stack === P)?.id ?? '';
        return serviceId;
      })
      .not.toBe('');

    // 1. Killed while the archive is being written.
    const backup = await api('POST', `/api/v1/services/${serviceId}/backups`);
    expect(backup.status).toBe(202);
    const backupJob = (backup.body.job as JobView).id;
    await reached(backupJob, `Copying volume ${VOLUME}`);
    await expect.poll(() => partials(dataDir).length).toBe(1);
    await killAndRestart();
    const killedBackup = await job(backupJob);
    expect(killedBackup.status).toBe('interrupted');
    expect(killedBackup.error).toContain(`backup was at "Copying volume ${VOLUME} (/data)"`);
    await expect.poll(() => partials(dataDir), { message: 'partial backup removed at boot' }).toEqual([]);
    await expect.poll(() => helpersOn(VOLUME), { message: 'backup helper removed at boot' }).toBe('');
    const listed = (await api('GET', `/api/v1/services/${serviceId}/backups`)).body.backups as unknown[];
    expect(listed, 'a half-made backup is never listed').toEqual([]);
    expect(await checksums()).toBe(before);

    // A complete backup, for verify and restore.
    const full = await api('POST', `/api/v1/services/${serviceId}/backups`);
    const fullJob = (full.body.job as JobView).id;
    await expect
      .poll(async () => (await job(fullJob)).status, { timeout: 180_000, intervals: [500] })
      .toBe('succeeded');
    const backups = (await api('GET', `/api/v1/services/${serviceId}/backups`)).body.backups as {
      id: string;
    }[];
    expect(backups).toHaveLength(1);
    const backupId = backups[0]?.id ?? '';

    // 2. Killed while the copy for the verify check is being restored into a throwaway volume.
    const verify = await api('POST', `/api/v1/backups/${backupId}/verify`);
    expect(verify.status).toBe(202);
    const verifyJob = (verify.body.job as JobView).id;
    await reached(verifyJob, 'Restoring volume-0.tar.gz into throwaway volume');
    const throwaway = await throwawayVolumes(backupId);
    expect(throwaway).toMatch(/^opsdeck-verify-/);
    await killAndRestart();
    expect((await job(verifyJob)).error).toContain(
      'verify was at "Restoring volume-0.tar.gz into throwaway volume',
    );
    await expect
      .poll(() => throwawayVolumes(backupId), { message: 'throwaway volume removed at boot' })
      .toBe('');
    await expect.poll(() => helpersOn(throwaway), { message: 'verify helper removed at boot' }).toBe('');

    // 3. Killed while a restore in place takes its undo backup (the service is stopped by then).
    const restore = await api('POST', `/api/v1/backups/${backupId}/restore`, { target: 'in-place' });
    expect(restore.status).toBe(202);
    const restoreJob = (restore.body.job as JobView).id;
    await reached(restoreJob, `Copying volume ${VOLUME}`, 'Taking the undo backup');
    await expect.poll(() => partials(dataDir).length).toBe(1);
    expect(await state()).toBe('exited');
    await killAndRestart();
    const killedRestore = await job(restoreJob);
    expect(killedRestore.status).toBe('interrupted');
    expect(killedRestore.error).toContain(`restore was at "Copying volume ${VOLUME} (/data)"`);
    expect(killedRestore.error).toContain('check it before retrying');
    await expect
      .poll(() => partials(dataDir), { message: 'partial undo backup removed at boot' })
      .toEqual([]);
    await expect.poll(() => helpersOn(VOLUME), { message: 'restore helpers removed at boot' }).toBe('');
    expect(await checksums()).toBe(before);
    // The job would have started the service again on any failure; boot does it for the killed job.
    await expect.poll(state, { message: 'the stopped service started again at boot' }).toBe('running');
    const after = (await api('GET', `/api/v1/services/${serviceId}/backups`)).body.backups as {
      id: string;
    }[];
    expect(after.map((b) => b.id)).toEqual([backupId]);
  } finally {
    await server.stop();
  }
});
