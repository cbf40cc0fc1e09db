import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { BUSYBOX, docker, expect, login, test } from './support/fixtures';
import { ROOT, type RunningServer, startServer } from './support/server';

// Two real engines in one console, on a phone: the shared sandbox (`main`) and a second sandbox
// engine of this spec's own (`edge`), which it stops to show one host going unreachable.
const engineEnv: NodeJS.ProcessEnv = {
  ...process.env,
  OPSDECK_SANDBOX_DIR: path.join(ROOT, '.sandbox', 'e2e-hosts'),
  OPSDECK_SANDBOX_SWARM: '0',
};
delete engineEnv.DOCKER_HOST;
const sandbox = (cmd: string) =>
  execFileSync('bash', [path.join(ROOT, 'scripts/sandbox.sh'), cmd], { env: engineEnv, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1) ?? '';

const ON_MAIN = 'e2ehosts-main';
const ON_EDGE = 'e2ehosts-edge';
let server: RunningServer | undefined;

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const edge = sandbox('start');
  execFileSync('sh', ['-c', `docker save ${BUSYBOX} | DOCKER_HOST=${edge} docker load`], {
    env: process.env,
  });
  const run = (host: string | undefined, name: string) => {
    const env = { ...process.env, ...(host ? { DOCKER_HOST: host } : {}) };
    execFileSync('docker', ['rm', '-f', name], { env, stdio: 'ignore' });
    execFileSync('docker', ['run', '-d', '--name', name, '--network', 'none', BUSYBOX, 'sleep', '3600'], {
      env,
    });
  };
  run(undefined, ON_MAIN);
  run(edge, ON_EDGE);
  server = await startServer({ OPSDECK_DOCKER_HOSTS: `main=${process.env.DOCKER_HOST},edge=${edge}` });
});

test.afterAll(async () => {
  await server?.stop();
  sandbox('stop');
  await docker('rm', '-f', ON_MAIN).catch(() => undefined);
});

async function expectNoSideScroll(page: Page, what: string) {
  const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY);
  expect(width, `${what}: page wider than the phone`).toBeLessThanOrEqual(390);
}

test('two engines: rows say their host, filter and group by host, hosts page, one engine stopped', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const url = server?.url ?? '';
  await login(page, url);
  await page.goto(`${url}/`);
  // the list is virtualised: on a phone, with other stacks on the shared engine, rows far down are not
  // rendered at all, so narrow it to this spec's two containers first
  const search = page.getByRole('searchbox', { name: 'Search services' });
  await search.fill('e2ehosts');
  const mainRow = page.locator(`[data-testid="service-row"][data-service="/${ON_MAIN}"]`);
  const edgeRow = page.locator(`[data-testid="service-row"][data-service="/${ON_EDGE}"]`);
  await expect(edgeRow).toBeVisible({ timeout: 30_000 });
  await expect(mainRow.getByTestId('row-host')).toHaveText('main');
  await expect(edgeRow.getByTestId('row-host')).toHaveText('edge');
  // standalone containers of each engine are their own group
  await expect(page.locator('[data-testid="stack"][data-host="edge"]')).toBeVisible();
  await expectNoSideScroll(page, 'the overview with host controls');

  await page.getByTestId('host-filter').selectOption('edge');
  await expect(mainRow).toHaveCount(0);
  await expect(edgeRow).toBeVisible();
  await page.getByTestId('host-filter').selectOption('');
  await page.getByTestId('group-by').selectOption('host');
  await expect(page.getByTestId('host-group')).toHaveCount(2);
  await expect(page.locator('[data-testid="host-group"][data-host="edge"]')).toContainText('Host edge');
  await expectNoSideScroll(page, 'the overview grouped by host');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosts' }).click();
  const edgeCard = page.locator('[data-testid="host-card"][data-host="edge"]');
  await expect(edgeCard).toHaveAttribute('data-reachable', 'true');
  await expect(edgeCard.getByTestId('host-version')).toContainText(/Docker \d+\.\d+/);
  await expect(edgeCard.getByTestId('host-containers')).toHaveText('1 running · 0 stopped');
  const mainCard = page.locator('[data-testid="host-card"][data-host="main"]');
  await expect(mainCard).toHaveAttribute('data-reachable', 'true');
  // the shared sandbox is a one-node swarm manager: its node is listed; the edge engine is in no swarm
  const node = mainCard.getByTestId('swarm-node-row');
  await expect(node).toHaveCount(1);
  await expect(node).toHaveAttribute('data-role', 'manager');
  await expect(node).toHaveAttribute('data-availability', 'active');
  await expect(node).toContainText('(leader)');
  await expect(node.getByTestId('node-state')).toHaveText('ready');
  await expect(edgeCard.getByTestId('swarm-nodes')).toHaveCount(0);
  await expectNoSideScroll(page, 'the hosts page');

  sandbox('stop');
  await expect(edgeCard).toHaveAttribute('data-reachable', 'false', { timeout: 20_000 });
  await expect(edgeCard).toContainText('unreachable · stale');
  await expect(edgeCard.getByTestId('host-error')).toContainText('unreachable');
  await expectNoSideScroll(page, 'the hosts page with an error');
  await page.goto(`${url}/`);
  await search.fill('e2ehosts');
  await expect(edgeRow).toHaveAttribute('data-status', 'unknown', { timeout: 20_000 });
  await expect(mainRow).toHaveAttribute('data-status', 'healthy');
});
