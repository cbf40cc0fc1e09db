import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { expect, login, removeProject, runReplica, test } from './support/fixtures';

// axe-core (the engine behind most accessibility checkers) on every page of the console and the wall:
// no serious or critical violation. The script is injected by the test, so the page's CSP is bypassed
// for this spec only. Then the keyboard: `/`, `g s`, `g a`, Esc, and the remembered theme.
const axePath = createRequire(__filename).resolve('axe-core/axe.min.js');
const P = 'e2ea11y';

test.use({ bypassCSP: true });

test.beforeAll(async () => {
  await removeProject(P);
  await runReplica({
    project: P,
    service: 'web',
    n: 1,
    command: ['sh', '-c', 'while true; do echo hello; sleep 1; done'],
  });
});
test.afterAll(() => removeProject(P));

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } })
      .axe;
    return (await axe.run(document)).violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(', ')}`,
    );
}

async function serviceId(page: Page, baseURL: string): Promise<string> {
  await page.goto(`${baseURL}/`);
  const link = page
    .locator(`[data-testid="service-row"][data-service="${P}/web"]`)
    .getByRole('link', { name: 'web' });
  await expect(link).toBeVisible({ timeout: 30_000 });
  return ((await link.getAttribute('href')) ?? '').replace('/services/', '');
}

for (const theme of ['light', 'dark'] as const) {
  test(`every page has no serious or critical axe violation (${theme})`, async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: theme });
    await login(page, baseURL);
    const id = await serviceId(page, baseURL);
    const pages = [
      '/',
      `/services/${id}`,
      `/services/${id}/logs`,
      '/alerts',
      '/audit',
      '/docs',
      '/settings',
      '/settings/tokens',
      '/settings/wall',
      '/settings/users',
      '/wall',
    ];
    const found: string[] = [];
    for (const path of pages) {
      await page.goto(`${baseURL}${path}`);
      await page.waitForLoadState('networkidle').catch(() => undefined);
      for (const v of await seriousViolations(page)) found.push(`${path}: ${v}`);
    }
    await page.context().clearCookies();
    await page.goto(`${baseURL}/login`);
    for (const v of await seriousViolations(page)) found.push(`/login: ${v}`);
    expect(found).toEqual([]);
  });
}

test('keys: / focuses the search, g a and g s navigate, Esc closes a menu; the theme is remembered', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/`);
  const row = page.locator(`[data-testid="service-row"][data-service="${P}/web"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search services')).toBeFocused();
  await page.keyboard.type('g');
  await expect(page.getByLabel('Search services')).toHaveValue('g'); // typing in a field is typing
  await page.getByLabel('Search services').fill('');
  await page.locator('body').click({ position: { x: 5, y: 300 } });

  await page.keyboard.press('g');
  await page.keyboard.press('a');
  await expect(page).toHaveURL(`${baseURL}/alerts`);
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page).toHaveURL(`${baseURL}/`);

  await row.getByLabel('More actions for web').click();
  await expect(row.getByTestId('action-scale')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(row.getByTestId('action-scale')).toBeHidden();

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe('rgb(250, 250, 250)'); // not the light zinc-50
  await page.getByTestId('theme-toggle').click();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
