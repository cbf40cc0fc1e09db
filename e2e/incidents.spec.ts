import { docker, expect, login, runReplica, test } from './support/fixtures';

const P = 'opsdeck-e2e-story';
const HOSTILE = '<img src=x onerror=alert(1)>';

test.beforeAll(async () => {
  await docker('rm', '-f', `${P}_loop_1`).catch(() => undefined);
  // exits with code 3 after a second and the engine restarts it: a crash loop
  await runReplica({
    project: P,
    service: 'loop',
    n: 1,
    options: ['--restart', 'always', '--label', `opsdeck.note=${HOSTILE}`],
    command: ['sh', '-c', 'sleep 1; exit 3'],
  });
});

test.afterAll(async () => {
  await docker('rm', '-f', `${P}_loop_1`).catch(() => undefined);
});

test('the service page tells the story: a crash loop collapsed, expandable; "Changes" shows it for the stack', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await login(page, baseURL);
  let id = '';
  await expect
    .poll(
      async () => {
        const r = await page.request.get(`${baseURL}/api/v1/services`);
        const { services } = (await r.json()) as { services: { id: string; stack: string; name: string }[] };
        id = services.find((s) => s.stack === P && s.name === 'loop')?.id ?? '';
        return id;
      },
      { timeout: 30_000 },
    )
    .not.toBe('');
  await page.goto(`${baseURL}/services/${id}`);
  const loop = page
    .getByTestId('incident-collapsed')
    .filter({ hasText: /restarted \d+× in .*, exit code 3/ });
  // live: the entry appears (and grows) without a reload
  await expect(loop.first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('incident-member'))
    .toHaveCount(0, { timeout: 1 })
    .catch(() => undefined);
  await loop.first().locator('summary').click();
  await expect(
    loop.first().getByTestId('incident-member').filter({ hasText: 'exited with code 3' }).first(),
  ).toBeVisible();

  await page.goto(`${baseURL}/changes`);
  await page.getByTestId('changes-stack').selectOption(P);
  await expect(
    page
      .getByTestId('incident-summary')
      .filter({ hasText: /opsdeck-e2e-story_loop_1 restarted \d+×/ })
      .first(),
  ).toBeVisible({ timeout: 20_000 });
});
