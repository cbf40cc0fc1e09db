import { BUSYBOX, docker, expect, login, test } from './support/fixtures';
import { freePort, type RunningServer, startServer } from './support/server';

/**
 * The backup state a person sees (issue #16): after a backup and a restore test, the service page
 * says "last verified restore: …, checks passed", the overview row shows the backup's age, and the
 * schedule can be set from the service page (a bad cron expression answered with its reason).
 */
const NAME = 'opsdeck-e2e-bsched';
const VOLUME = `${NAME}-data`;

let server: RunningServer | undefined;

test.beforeAll(async () => {
  await docker('rm', '-f', NAME).catch(() => undefined);
  await docker('volume', 'rm', '-f', VOLUME).catch(() => undefined);
  await docker(
    'run',
    '-d',
    '--name',
    NAME,
    '--network',
    'none',
    '-v',
    `${VOLUME}:/data`,
    '--label',
    'opsdeck.backup.schedule=0 3 * * *',
    BUSYBOX,
    'sh',
    '-c',
    'echo hello > /data/f; sleep 3600',
  );
  server = await startServer({}, undefined, await freePort());
});

test.afterAll(async () => {
  await server?.stop();
  await docker('rm', '-f', NAME).catch(() => undefined);
  await docker('volume', 'rm', '-f', VOLUME).catch(() => undefined);
});

test('backup state on the service page and the overview row; the schedule set from the page', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const url = server?.url ?? '';
  await login(page, url);
  const headers = { origin: url };
  const waitJob = async (id: string) => {
    for (;;) {
      const { job } = (await (await page.request.get(`${url}/api/v1/jobs/${id}`)).json()) as {
        job: { status: string; results: { target: string }[]; error: string | null };
      };
      if (!['queued', 'running'].includes(job.status)) return job;
      await page.waitForTimeout(300);
    }
  };
  let serviceId = '';
  await expect(async () => {
    const { services } = (await (await page.request.get(`${url}/api/v1/services`)).json()) as {
      services: { id: string; name: string }[];
    };
    serviceId = services.find((s) => s.name === NAME)?.id ?? '';
    expect(serviceId).not.toBe('');
  }).toPass({ timeout: 30_000 });
  const made = await page.request.post(`${url}/api/v1/services/${encodeURIComponent(serviceId)}/backups`, {
    headers,
  });
  const backup = await waitJob(((await made.json()) as { job: { id: string } }).job.id);
  expect(backup.status, backup.error ?? '').toBe('succeeded');
  const backupId = backup.results.at(-1)?.target ?? '';
  const verified = await page.request.post(`${url}/api/v1/backups/${backupId}/verify`, { headers });
  expect((await waitJob(((await verified.json()) as { job: { id: string } }).job.id)).status).toBe(
    'succeeded',
  );

  await page.goto(`${url}/services/${encodeURIComponent(serviceId)}`);
  const restore = page.getByTestId('last-verified-restore').first();
  await expect(restore).toHaveAttribute('data-state', 'passed', { timeout: 30_000 });
  await expect(restore).toContainText('last verified restore:');
  await expect(restore).toContainText('checks passed');
  const schedule = page.getByTestId('backup-schedule');
  await expect(schedule).toContainText('0 3 * * *');
  await expect(schedule).toContainText('from labels');

  await schedule.getByLabel('cron').fill('every night');
  await schedule.getByRole('button', { name: 'Save schedule' }).click();
  await expect(schedule.getByRole('alert')).toContainText('cron');
  await schedule.getByLabel('cron').fill('15 4 * * *');
  await schedule.getByRole('button', { name: 'Save schedule' }).click();
  await expect(schedule).toContainText('15 4 * * *');
  await expect(schedule).toContainText('from the console');
  await schedule.getByRole('button', { name: 'Use labels' }).click();
  await expect(schedule).toContainText('from labels');

  await page.goto(url);
  // the list is virtualised and the shared engine may hold many services: narrow it to ours
  await page.getByRole('searchbox', { name: 'Search services' }).fill(NAME);
  const row = page.locator('[data-testid="service-row"]', { hasText: NAME });
  await expect(row.getByTestId('backup-age')).toContainText('backup');
  await expect(row.getByTestId('backup-age')).toContainText('✓');
});

test('restore from the page, skipping the undo backup: the data comes back and no undo backup is made', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const url = server?.url ?? '';
  await login(page, url);
  const { services } = (await (await page.request.get(`${url}/api/v1/services`)).json()) as {
    services: { id: string; name: string }[];
  };
  const serviceId = services.find((s) => s.name === NAME)?.id ?? '';
  const backupsUrl = `${url}/api/v1/services/${encodeURIComponent(serviceId)}/backups`;
  const listBackups = async () =>
    ((await (await page.request.get(backupsUrl)).json()) as { backups: { id: string; kind: string }[] })
      .backups;
  const before = await listBackups();
  expect(before.length).toBeGreaterThan(0);
  expect(before.filter((b) => b.kind === 'undo')).toEqual([]);
  // The live data changes after the backup; the restore must bring "hello" back.
  await docker('exec', NAME, 'sh', '-c', 'echo changed > /data/f');

  await page.goto(`${url}/services/${encodeURIComponent(serviceId)}`);
  const panel = page.getByTestId('backups-panel');
  await panel
    .locator(`[data-backup-id="${before[0]?.id}"]`)
    .getByRole('button', { name: 'Restore…' })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('restore-replaces')).toContainText('An undo backup of the current data');
  await dialog.getByLabel('Skip the undo backup (faster; no way back)').check();
  await expect(dialog.getByTestId('restore-no-undo')).toContainText('cannot be brought back');
  await dialog.getByRole('button', { name: /^Replace data of / }).click();

  await expect(async () => {
    expect(await docker('exec', NAME, 'cat', '/data/f')).toBe('hello');
  }).toPass({ timeout: 60_000 });
  const after = await listBackups();
  expect(after.map((b) => b.id).sort()).toEqual(before.map((b) => b.id).sort());
});
