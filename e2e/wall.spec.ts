import { BUSYBOX, docker, expect, login, test } from './support/fixtures';
import { freePort, type RunningServer, startServer } from './support/server';

const NAME = 'opsdeck-e2e-wall';

let server: RunningServer | undefined;
let port = 0;
let dataDir = '';

test.beforeAll(async () => {
  await docker('rm', '-f', NAME).catch(() => undefined);
  await docker('run', '-d', '--name', NAME, '--network', 'none', BUSYBOX, 'sleep', '3600');
  port = await freePort();
  server = await startServer({}, undefined, port);
  dataDir = server.dataDir;
});

test.afterAll(async () => {
  await server?.stop();
  await docker('rm', '-f', NAME).catch(() => undefined);
});

test('/wall without a display token or a session goes to the login page', async ({ page }) => {
  await page.goto(`${server?.url}/wall`);
  // (through /wall/connect, which finds no `#token=` and moves on)
  await expect(page).toHaveURL(/\/login\?next=%2Fwall/);
});

test('the wall takes a display token once, shows no action, and recovers after a server restart', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const url = server?.url ?? '';
  await login(page, url);
  const res = await page.request.post(`${url}/api/v1/tokens`, {
    data: { name: 'ops-room tv', scopes: ['display'] },
    headers: { origin: url },
  });
  expect(res.status()).toBe(201);
  const { token } = (await res.json()) as { token: string };
  await page.context().clearCookies();

  // In the fragment: it never reaches the server, its access logs or a proxy's.
  await page.goto(`${url}/wall#token=${encodeURIComponent(token)}`);
  await expect(page).toHaveURL(`${url}/wall`);
  const card = page.locator('[data-testid="wall-service"]', { hasText: NAME });
  // Under load the server's first listing of a busy engine can take a while; it then streams in.
  await expect(card).toHaveAttribute('data-status', 'healthy', { timeout: 30_000 });
  await expect(page.getByTestId('wall-live')).toBeVisible();
  await expect(page.locator('button, input, select, textarea, form')).toHaveCount(0);

  // The display scope reads only what the wall shows: no console page, no API beyond it.
  const api = await page.request.get(`${url}/api/v1/services`);
  expect(api.status()).toBe(403);

  await server?.stop();
  await expect(page.getByTestId('wall-stale')).toBeVisible({ timeout: 15_000 });
  server = await startServer({}, dataDir, port);
  await expect(page.getByTestId('wall-live')).toBeVisible({ timeout: 60_000 });
  await expect(card).toHaveAttribute('data-status', 'healthy');
  await expect(page).not.toHaveURL(/login/);
});
