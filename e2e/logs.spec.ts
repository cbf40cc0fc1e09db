import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, login, removeProject, runReplica, test } from './support/fixtures';

const P = 'opsdeck-e2e-logs';
const script = fs.readFileSync(path.join(__dirname, '../tests/fixtures/logspam/logspam.sh'), 'utf8');
const serviceId = (name: string) => Buffer.from(`local\u0000${P}\u0000${name}`, 'utf8').toString('base64url');

const cleanup = () => removeProject(P);
const XSS_IMG = '<img src=x onerror="window.__xss=1">';
const XSS_SVG = '<svg onload="window.__xss=2"></svg>';

/** A compose-labelled container running the logspam fixture (no network). */
async function runSpam(service: string, n: number, mode: string, arg: string) {
  await runReplica({ project: P, service, n, command: ['sh', '-c', script, 'logspam', mode, arg] });
}

/** Logs in and opens the logs page once the inventory knows the service (it learns from engine events). */
async function openLogs(page: Page, baseURL: string, name: string) {
  await login(page, baseURL);
  await expect
    .poll(async () => (await page.request.get(`${baseURL}/api/v1/services/${serviceId(name)}`)).status(), {
      timeout: 30_000,
    })
    .toBe(200);
  await page.goto(`${baseURL}/services/${serviceId(name)}/logs`);
}

test.beforeAll(async () => {
  await cleanup();
  await runSpam('spam', 1, 'fixture', '20');
  await runSpam('ticker', 1, 'ticker', '0.1');
  await runSpam('ticker', 2, 'ticker', '0.1');
  // Payloads that WOULD set window.__xss if the console injected them as markup: an img whose onerror
  // fires as soon as it is parsed, and an inline handler on an svg (a <script> set via innerHTML
  // never runs, so it would prove nothing).
  await runReplica({
    project: P,
    service: 'xss',
    n: 1,
    command: ['sh', '-c', `printf '%s\\n' '${XSS_IMG}' '${XSS_SVG}' 'xss done'; exec sleep 3600`],
  });
});
test.afterAll(cleanup);

test('shows container text literally: no payload runs, no element is injected', async ({ page, baseURL }) => {
  await openLogs(page, baseURL, 'spam');
  const scroll = page.getByTestId('log-scroll');
  await expect(scroll.getByText('fixture done')).toBeVisible();
  await expect(scroll.getByText('<script>alert(1)</script>', { exact: true })).toBeVisible();
  await expect(scroll.getByText('<img src=x onerror=alert(2)>', { exact: true })).toBeVisible();
  // the ANSI-coloured payload is styled text, not markup
  const coloured = scroll.getByText('<img src=x onerror=alert(3)>', { exact: true });
  await expect(coloured).toHaveCSS('color', 'rgb(187, 0, 0)');
  await expect(scroll.locator('script, img, iframe, object')).toHaveCount(0);
  await expect(scroll.getByText('bad utf8 \uFFFD\uFFFD end')).toBeVisible();
});

test('a payload that would set window.__xss if injected shows literally and never runs', async ({
  page,
  baseURL,
}) => {
  await openLogs(page, baseURL, 'xss');
  const scroll = page.getByTestId('log-scroll');
  await expect(scroll.getByText('xss done')).toBeVisible();
  await expect(scroll.getByText(XSS_IMG, { exact: true })).toBeVisible();
  await expect(scroll.getByText(XSS_SVG, { exact: true })).toBeVisible();
  await expect(scroll.locator('img, svg[onload]')).toHaveCount(0);
  // An injected img's onerror fires once its src fails to load: let that happen before asserting.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
});

test('filters by level, highlights regex matches, expands JSON fields', async ({ page, baseURL }) => {
  await openLogs(page, baseURL, 'spam');
  const scroll = page.getByTestId('log-scroll');
  await expect(scroll.getByText('fixture done')).toBeVisible();

  await page.getByRole('button', { name: 'error', exact: true }).click();
  await expect(scroll.getByText('fixture done')).toHaveCount(0);
  const lines = scroll.getByTestId('log-line');
  await expect(lines.first()).toBeVisible();
  const levels = await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-level')));
  expect(new Set(levels)).toEqual(new Set(['error']));

  const jsonError = lines.filter({ hasText: 'json error' });
  await jsonError.hover();
  await jsonError.getByRole('button', { name: 'fields' }).click();
  await expect(jsonError.locator('dt', { hasText: 'code' })).toBeVisible();
  await expect(jsonError.locator('dd', { hasText: '500' })).toBeVisible();

  await page.getByRole('button', { name: 'error', exact: true }).click();
  await page.getByPlaceholder('Search (regex)').fill('line 1\\d');
  await expect(scroll.locator('mark').first()).toBeVisible();
  const marks = await scroll.locator('mark').allTextContents();
  expect(marks.length).toBeGreaterThan(0);
  expect(marks.every((m) => /^line 1\d$/i.test(m))).toBe(true);
});

test('follows merged replicas, pauses while counting, and downloads what is shown', async ({
  page,
  baseURL,
}) => {
  await openLogs(page, baseURL, 'ticker');
  await expect(page.getByTestId('log-status')).toHaveAttribute('data-status', 'live');
  const scroll = page.getByTestId('log-scroll');
  await expect(scroll.getByText('ticker-1', { exact: true }).first()).toBeVisible();
  await expect(scroll.getByText('ticker-2', { exact: true }).first()).toBeVisible();

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('held-count')).toContainText('new lines while paused');
  await page.getByRole('button', { name: 'Resume' }).click();

  await page.getByLabel('Replica').selectOption('ticker-2');
  await expect(page.getByTestId('log-status')).toHaveAttribute('data-status', 'live');
  await expect(scroll.getByText('ticker-2', { exact: true }).first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download shown' }).click();
  const file = await (await download).path();
  const text = fs.readFileSync(file, 'utf8');
  const rows = text.trim().split('\n');
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.includes(' ticker-2 stdout '))).toBe(true);
});
