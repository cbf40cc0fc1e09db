import { docker, expect, login, removeProject, runReplica, test } from './support/fixtures';

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
