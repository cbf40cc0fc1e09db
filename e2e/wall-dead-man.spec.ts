import { BUSYBOX, docker, expect, login, test } from './support/fixtures';
import { freePort, type RunningServer, startServer } from './support/server';

// Stopping and freezing the server is the fault under test: this spec runs its own server.
const NAME = 'opsdeck-e2e-deadman';
let server: RunningServer | undefined;
let port = 0;

test.beforeAll(async () => {
  await docker('rm', '-f', NAME).catch(() => undefined);
  await docker('run', '-d', '--name', NAME, '--network', 'none', BUSYBOX, 'sleep', '3600');
  port = await freePort();
  server = await startServer({}, undefined, port);
});

test.afterAll(async () => {
  // the test stops the server itself; after a failure it may still be frozen
  try {
    if (server) process.kill(server.pid, 'SIGCONT');
  } catch {
    // already gone
  }
  await server?.stop();
  await docker('rm', '-f', NAME).catch(() => undefined);
});

test('the wall covers itself with a big "Wall offline" banner when the server hangs or stops', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const url = server?.url ?? '';
  await login(page, url);
  const res = await page.request.post(`${url}/api/v1/tokens`, {
    data: { name: 'dead-man tv', scopes: ['display'] },
    headers: { origin: url },
  });
  const { token } = (await res.json()) as { token: string };
  await page.context().clearCookies();
  await page.goto(`${url}/wall#token=${encodeURIComponent(token)}`);
  const card = page.locator('[data-testid="wall-service"]', { hasText: NAME });
  await expect(card).toHaveAttribute('data-status', 'healthy', { timeout: 30_000 });
  await expect(page.getByTestId('wall-dead-man')).toHaveCount(0);

  // Hung: the stream stays open and silent; only the wall's own check can tell.
  process.kill(server?.pid ?? 0, 'SIGSTOP');
  const banner = page.getByTestId('wall-dead-man');
  await expect(banner).toBeVisible({ timeout: 10_000 });
  await expect(banner).toContainText('Wall offline');
  await expect(banner).toContainText('Opsdeck does not answer');
  // across the room: at least a third of the screen, in large type
  const box = await banner.boundingBox();
  const viewport = page.viewportSize();
  expect((box?.height ?? 0) * 3).toBeGreaterThanOrEqual(viewport?.height ?? 0);
  process.kill(server?.pid ?? 0, 'SIGCONT');
  await expect(banner).toHaveCount(0, { timeout: 15_000 });

  // Stopped: the stream drops and the server answers nothing.
  await server?.stop();
  await expect(banner).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('button, input, select, textarea, form')).toHaveCount(0);
});
