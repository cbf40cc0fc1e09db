/**
 * Access in a real browser against the server e2e/support starts (or OPSDECK_E2E_ADMIN_PASSWORD for
 * another one). Also checks that the strict CSP still lets the app hydrate: no violation is logged.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { ADMIN_PASSWORD } from './support/server';

const password = process.env.OPSDECK_E2E_ADMIN_PASSWORD ?? ADMIN_PASSWORD;

function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(msg.text()))
      violations.push(msg.text());
  });
  return violations;
}

async function logIn(page: Page, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('a page without a session goes to /login, and back after logging in', async ({ page }) => {
  const violations = collectCspViolations(page);
  await page.goto('/audit');
  await expect(page).toHaveURL(/\/login\?next=%2Faudit$/);
  await logIn(page, '/audit');
  // The first request to a route may compile it (dev server): allow for that.
  await expect(page).toHaveURL(/\/audit$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Hash chain verified');
  await expect(page.getByRole('cell', { name: 'auth.login' }).first()).toBeVisible();
  expect(violations).toEqual([]);
});

test('a wrong password says so without leaving the page', async ({ page }) => {
  const violations = collectCspViolations(page);
  await page.goto('/login');
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('certainly-not-it');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText(/Wrong username or password|Too many failed logins/)).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  expect(violations).toEqual([]);
});

test('before the page has hydrated the login form cannot be sent (no password in a URL)', async ({
  browser,
  baseURL,
}) => {
  // Without scripts the form stays as the server sent it: what a user meets on a slow first load.
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await expect(page.getByRole('button', { name: 'Log in' })).toBeDisabled();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('never-in-a-url');
    await page.getByLabel('Password').press('Enter');
    await page.waitForLoadState();
    expect(page.url()).not.toContain('never-in-a-url');
    await expect(page.locator('form')).toHaveAttribute('method', 'post');
  } finally {
    await context.close();
  }
});

test('a foreign next= is ignored', async ({ page }) => {
  await logIn(page, '//evil.example/');
  await expect(page).toHaveURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
  expect(new URL(page.url()).host).not.toBe('evil.example');
});

test('pages carry the security headers', async ({ request }) => {
  const res = await request.get('/login');
  const csp = res.headers()['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(res.headers()['referrer-policy']).toBe('same-origin');
});

test('the API docs page lists the operations', async ({ page }) => {
  await logIn(page, '/docs');
  await expect(page.getByRole('heading', { name: /Opsdeck API/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('/api/v1/tokens/{id}')).toBeVisible();
});
