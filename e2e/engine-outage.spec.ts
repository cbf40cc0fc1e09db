import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { BUSYBOX, expect, login, test } from './support/fixtures';
import { ROOT, type RunningServer, startServer } from './support/server';

// Stopping the engine is the fault under test, so this spec runs its own engine and its own server.
const engineEnv: NodeJS.ProcessEnv = {
  ...process.env,
  OPSDECK_SANDBOX_DIR: path.join(ROOT, '.sandbox', 'e2e-outage'),
  OPSDECK_SANDBOX_SWARM: '0',
};
delete engineEnv.DOCKER_HOST;
const sandbox = (cmd: string) =>
  execFileSync('bash', [path.join(ROOT, 'scripts/sandbox.sh'), cmd], { env: engineEnv, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1) ?? '';

let server: RunningServer | undefined;
let host = '';

test.beforeAll(async () => {
  host = sandbox('start');
  const onSecond = (...args: string[]) =>
    execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8' });
  execFileSync('sh', ['-c', `docker save ${BUSYBOX} | DOCKER_HOST=${host} docker load`], {
    env: process.env,
  });
  onSecond('rm', '-f', 'outage-app');
  onSecond(
    'run',
    '-d',
    '--name',
    'outage-app',
    '--network',
    'none',
    '--restart',
    'unless-stopped',
    BUSYBOX,
    'sleep',
    '3600',
  );
  server = await startServer({ DOCKER_HOST: host });
});

test.afterAll(async () => {
  await server?.stop();
  sandbox('stop');
});

test('engine stopped → stale and unknown, never green → engine back → live again', async ({ page }) => {
  test.setTimeout(120_000);
  const url = server?.url ?? '';
  await login(page, url);
  await page.goto(`${url}/`);
  const row = page.locator('[data-testid="service-row"][data-service="/outage-app"]');
  await expect(row).toHaveAttribute('data-status', 'healthy');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  sandbox('stop');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'stale', { timeout: 15_000 });
  await expect(page.getByTestId('connection')).toContainText('last good data');
  await expect(row).toHaveAttribute('data-status', 'unknown');
  await expect(page.getByTestId('banner-docker')).toBeVisible();

  sandbox('start');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await expect(row).toHaveAttribute('data-status', 'healthy', { timeout: 30_000 });
});
