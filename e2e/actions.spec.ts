import { expect, login, removeProject, runReplica, test } from './support/fixtures';

// Needs <ServiceActions> on the service page and <RowActions> on the overview (wired by the lead).
const P = 'opsdeck-test-actions-ui';

const cleanup = () => removeProject(P);

async function replica(n: number) {
  await runReplica({
    project: P,
    service: 'web',
    n,
    options: ['--health-cmd', 'true', '--health-interval', '1s'],
    command: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"],
  });
}

test.beforeAll(async () => {
  await cleanup();
  await replica(1);
  await replica(2);
});
test.afterAll(cleanup);

test('restart from the service page: a confirmation that says what happens, then live job steps', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/`);
  const row = page.locator(`[data-testid="service-row"][data-service="${P}/web"]`);
  await expect(row).toHaveAttribute('data-status', 'healthy');
  await row.getByRole('link', { name: 'web' }).click();
  await page.getByTestId('service-actions').getByTestId('action-restart').click();
  const dialog = page.getByTestId('confirm-dialog').filter({ hasText: 'Restart web?' });
  await expect(dialog).toContainText('2 containers');
  await expect(dialog).toContainText('one at a time');
  await dialog.getByTestId('confirm-action').click();
  const drawer = page.getByTestId('job-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(drawer.getByTestId('job-results').locator('tbody tr')).toHaveCount(2);
  await expect(drawer.getByTestId('job-steps')).toContainText(`Restarting ${P}_web_2`);
});

test('a refused scale keeps its error visible and starts nothing', async ({ page, baseURL }) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/`);
  const row = page.locator(`[data-testid="service-row"][data-service="${P}/web"]`);
  await row.getByRole('link', { name: 'web' }).click();
  await page.getByTestId('service-actions').getByTestId('action-scale').click();
  const dialog = page.getByTestId('confirm-dialog').filter({ hasText: 'Scale web' });
  await dialog.getByTestId('scale-input').fill('500');
  await dialog.getByTestId('confirm-action').click();
  await expect(dialog.getByTestId('action-error')).toContainText('OPSDECK_MAX_REPLICAS');
  await expect(page.getByTestId('job-drawer')).toHaveCount(0);
});

test('stack stop from the overview: a confirmation naming every container, then the job', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/`);
  const header = page.locator(`[data-testid="stack"][data-stack="${P}"]`);
  await header.getByLabel(`Stack ${P} actions`).click();
  await header.getByTestId('stack-stop').click();
  const dialog = page.getByTestId('confirm-dialog').filter({ hasText: `Stop the stack ${P}?` });
  await expect(dialog.getByTestId('stack-preview')).toHaveText('web: 2 of 2 containers running');
  await dialog.getByTestId('confirm-action').click();
  const drawer = page.getByTestId('job-drawer');
  await expect(drawer).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  await expect(drawer.getByTestId('job-steps')).toContainText(`Stopping ${P}/web`);
  await expect(page.locator(`[data-testid="service-row"][data-service="${P}/web"]`)).toHaveAttribute(
    'data-status',
    'down',
    { timeout: 30_000 },
  );
});
