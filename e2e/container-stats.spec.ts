import { expect, login, removeProject, runReplica, test } from './support/fixtures';

// The service page's CPU/memory come from the engine's stats streams, opened when the page asks:
// a figure (not "—", not "Not enough data yet") within a few seconds of opening it, per replica and
// summed; the overview row shows CPU and memory too.
const P = 'opsdeck-e2e-stats';

test.beforeAll(async () => {
  await removeProject(P);
  await runReplica({ project: P, service: 'burner', n: 1, command: ['sh', '-c', 'while :; do :; done'] });
  await runReplica({ project: P, service: 'burner', n: 2, command: ['sleep', '3600'] });
});
test.afterAll(() => removeProject(P));

test('the service page shows CPU and memory within seconds, per replica and summed', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/`);
  const row = page.locator(`[data-testid="service-row"][data-service="${P}/burner"]`);
  await expect(row.getByTestId('replicas')).toContainText('2/2');
  await expect(row.getByTestId('row-stats')).toContainText('%', { timeout: 15_000 });

  await row.getByRole('link', { name: 'burner' }).click();
  const sum = page.getByTestId('stats-sum');
  // the first answer waits for the first CPU delta: a figure, not a placeholder
  await expect(sum.getByTestId('stats-cpu')).toHaveText(/^\d+(\.\d)?%$/, { timeout: 5_000 });
  await expect(sum.getByTestId('stats-memory')).toContainText('iB');
  await expect(page.getByTestId('stats-replica')).toHaveCount(2);
  await expect(sum.getByTestId('stats-cpu')).not.toHaveText('—');
  // the burning replica reads busier than the sleeping one (how busy depends on the machine's load;
  // tests/integration/container-stats.test.ts checks > 50 % of a core without a browser beside it)
  const cpuOf = async (n: number) =>
    Number.parseFloat(
      (await page
        .getByTestId('stats-replica')
        .filter({ hasText: `${P}_burner_${n}` })
        .getByTestId('stats-cpu')
        .textContent()) ?? '0',
    );
  await expect.poll(async () => (await cpuOf(1)) - (await cpuOf(2)), { timeout: 15_000 }).toBeGreaterThan(10);
});
