import { BUSYBOX, docker, expect, login, removeProject, runReplica, test } from './support/fixtures';

const P = 'opsdeck-e2e-ov';
const XSS = '<img src=x onerror=alert(1)>';

const cleanup = () => removeProject(P);

function replica(service: string, n: number, options: string[] = []) {
  return runReplica({ project: P, service, n, options, command: ['sleep', '3600'] });
}

test.beforeAll(async () => {
  await cleanup();
  await replica('worker', 1);
  await replica('worker', 2);
  await replica('victim', 1);
  await replica('evil', 1, [
    '--label',
    `note=${XSS}`,
    '--health-cmd',
    `echo '${XSS}<script>alert(2)</script>'; exit 1`,
    '--health-interval',
    '1s',
    '--health-retries',
    '1',
  ]);
});
test.afterAll(cleanup);

test('groups compose services by stack with replica counts and live status', async ({ page, baseURL }) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  const stack = page.locator(`[data-testid="stack"][data-stack="${P}"]`);
  await expect(stack).toBeVisible();
  const worker = page.locator(`[data-testid="service-row"][data-service="${P}/worker"]`);
  await expect(worker.getByTestId('replicas')).toContainText('2/2');
  await expect(worker).toHaveAttribute('data-status', 'healthy');
});

test('a killed container turns its row down, with the reason', async ({ page, baseURL }) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/`);
  const victim = page.locator(`[data-testid="service-row"][data-service="${P}/victim"]`);
  await expect(victim).toHaveAttribute('data-status', 'healthy');
  await docker('kill', `${P}_victim_1`);
  // The state change, not its speed: kill → row p95 is measured under load in bench/ (docs/benchmarks.md).
  await expect(victim).toHaveAttribute('data-status', 'down', { timeout: 15_000 });
  await expect(victim.getByTestId('reason')).toContainText('0 of 1 replicas running');
});

test('labels and health output from a container render as text, never as markup', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/`);
  const evil = page.locator(`[data-testid="service-row"][data-service="${P}/evil"]`);
  await expect(evil).toHaveAttribute('data-status', 'degraded', { timeout: 15_000 });
  await evil.getByRole('link', { name: 'evil' }).click();
  await page.getByTestId('container').first().locator('summary').click();
  await expect(page.getByText(`note=${XSS}`)).toBeVisible();
  await expect(page.getByTestId('health-output')).toContainText('<script>alert(2)</script>');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
});

test.describe('a swarm service page', () => {
  const SW = 'opsdeck-test-swarmn-e2e';
  const removeSwarm = async () => {
    for (const name of [SW, `${SW}-nowhere`]) await docker('service', 'rm', name).catch(() => undefined);
  };
  test.beforeAll(async () => {
    await removeSwarm();
    await docker(
      'service',
      'create',
      '-d',
      '-q',
      '--name',
      SW,
      '--replicas',
      '2',
      '--network',
      'host',
      BUSYBOX,
      'sleep',
      '3600',
    );
    await docker(
      'service',
      'create',
      '-d',
      '-q',
      '--name',
      `${SW}-nowhere`,
      '--constraint',
      'node.labels.opsdeck-nowhere==yes',
      '--network',
      'host',
      BUSYBOX,
      'sleep',
      '3600',
    );
  });
  test.afterAll(removeSwarm);

  test('shows its tasks per node, and a task the swarm cannot place with the engine’s reason', async ({
    page,
    baseURL,
  }) => {
    await login(page, baseURL);
    await page.goto(`${baseURL}/`);
    // the shared engine may hold many other services: narrow the list to these two
    await page.getByRole('searchbox', { name: 'Search services' }).fill(SW);
    const row = page.locator(`[data-testid="service-row"][data-service$="/${SW}"]`);
    await expect(row).toHaveAttribute('data-status', 'healthy', { timeout: 30_000 });
    await row.getByRole('link', { name: SW, exact: true }).click();
    const section = page.getByTestId('swarm-tasks');
    await expect(section.getByTestId('swarm-summary')).toHaveText('2 of 2 tasks running on 1 node', {
      timeout: 15_000,
    });
    await expect(section.locator('[data-testid="swarm-task"][data-state="running"]')).toHaveCount(2);
    await expect(section.getByTestId('swarm-node')).toHaveAttribute('data-running', '2');

    await page.goto(`${baseURL}/`);
    await page.getByRole('searchbox', { name: 'Search services' }).fill(SW);
    const nowhere = page.locator(`[data-testid="service-row"][data-service$="/${SW}-nowhere"]`);
    await expect(nowhere).toHaveAttribute('data-status', 'down', { timeout: 30_000 });
    await nowhere.getByRole('link', { name: `${SW}-nowhere`, exact: true }).click();
    await expect(page.locator('[data-testid="reasons"] [data-code="task_not_running"]')).toContainText(
      'no suitable node',
      { timeout: 15_000 },
    );
    const task = page.locator('[data-testid="swarm-task"][data-state="pending"]');
    await expect(task).toContainText('not assigned');
    await expect(task).toContainText('no suitable node');
  });
});
