import QRCode from 'qrcode';
import { expect, login, removeProject, runReplica, test } from './support/fixtures';

// Users and tokens in the console: everything an admin used to `curl`, driven through the pages, with
// the effect checked against the API itself (a created token works, a revoked one gets 401).
const U = `e2e-dana-${Date.now().toString(36)}`;
const P = 'e2epeople';

test.beforeAll(async () => {
  await removeProject(P);
  await runReplica({ project: P, service: 'web', n: 1, command: ['sleep', '3600'] });
});
test.afterAll(() => removeProject(P));

async function apiLogin(baseURL: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

test('an admin creates a user, changes the role, disables, re-enables and resets the password', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/settings/users`);
  const form = page.getByTestId('user-form');
  await form.getByLabel('Username').fill(U);
  await form.getByLabel('First password (8+ characters)').fill('first-password-1');
  await form.getByLabel('Role').selectOption('viewer');
  await form.getByRole('button', { name: 'Create user' }).click();
  const row = page.locator(`[data-testid="user"][data-user="${U}"]`);
  await expect(row).toContainText('never logged in');

  await row.getByLabel(`Role of ${U}`).selectOption('operator');
  await expect
    .poll(async () => {
      const res = await page.request.get(`${baseURL}/api/v1/users`);
      const { users } = (await res.json()) as { users: { username: string; role: string }[] };
      return users.find((u) => u.username === U)?.role;
    })
    .toBe('operator');

  expect(await apiLogin(baseURL, U, 'first-password-1')).toBe(200);
  await page.reload();
  await expect(row.getByTestId('user-last-login')).toContainText('last login');

  await row.getByRole('button', { name: `Disable ${U}` }).click();
  await expect(row).toHaveAttribute('data-disabled', 'true');
  expect(await apiLogin(baseURL, U, 'first-password-1')).toBe(401);
  await row.getByRole('button', { name: `Enable ${U}` }).click();
  await expect(row).toHaveAttribute('data-disabled', 'false');

  await row.getByRole('button', { name: `Reset password of ${U}` }).click();
  await row.getByLabel(`New password for ${U}`).fill('second-password-2');
  await row.getByRole('button', { name: /Set password/ }).click();
  await expect(row.getByLabel(`New password for ${U}`)).toHaveCount(0);
  expect(await apiLogin(baseURL, U, 'first-password-1')).toBe(401);
  expect(await apiLogin(baseURL, U, 'second-password-2')).toBe(200);

  // and the user changes it again themselves, knowing the current one
  await page.context().clearCookies();
  await login(page, baseURL, U, 'second-password-2');
  await page.goto(`${baseURL}/settings`);
  await page.getByLabel('Current password').fill('not-it-at-all');
  await page.getByLabel('New password (8+ characters)').fill('third-password-3');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('form-error')).toContainText('current password is wrong');
  await page.getByLabel('Current password').fill('second-password-2');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await apiLogin(baseURL, U, 'third-password-3')).toBe(200);
  // a viewer-level page never offers the users list
  await page.goto(`${baseURL}/settings/users`);
  await expect(page.getByTestId('user-form')).toHaveCount(0);
});

test('a token is created with scopes and a service limit, shown once, works, shows its use, and is revoked', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/settings/tokens`);
  const form = page.getByTestId('token-form');
  const name = `e2e-ci-${Date.now().toString(36)}`;
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Expires').selectOption({ label: '30 days' });
  await form.getByLabel(/Limit to services/).fill(P);
  await form.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('new-token-secret').textContent()) ?? '';
  expect(secret).toMatch(/^opsdeck_/);
  await expect(page.getByTestId('new-token').getByRole('button', { name: 'Copy' })).toBeVisible();

  const bearer = { authorization: `Bearer ${secret}` };
  const services = await fetch(`${baseURL}/api/v1/services`, { headers: bearer });
  expect(services.status).toBe(200);
  const list = (await services.json()) as { services: { stack: string }[] };
  // the limit holds: only the stack it was limited to
  expect(list.services.length).toBeGreaterThan(0);
  expect(new Set(list.services.map((s) => s.stack))).toEqual(new Set([P]));

  await page.reload();
  await expect(page.getByTestId('new-token')).toHaveCount(0); // shown once
  const row = page.getByTestId('token').filter({ hasText: name });
  await expect(row).toContainText('read');
  await expect(row).toContainText(`only ${P}`);
  await expect(row.getByTestId('token-last-used')).toContainText('used');
  await expect(row).toContainText('expires');

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await row.getByRole('button', { name: `Revoke “${name}” now` }).click();
  await expect(row).toHaveCount(0);
  expect((await fetch(`${baseURL}/api/v1/services`, { headers: bearer })).status).toBe(401);
});

test('set up a wall display: a display token, its URL and a QR code of exactly that URL', async ({
  page,
  baseURL,
  browser,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/settings/wall`);
  await page.getByLabel('Display name').fill('e2e lobby tv');
  await page.getByLabel('Only this stack (optional)').fill(P);
  await page.getByRole('button', { name: 'Create display link' }).click();
  const url = (await page.getByTestId('wall-url').textContent()) ?? '';
  expect(url).toMatch(new RegExp(`^${baseURL}/wall#token=opsdeck_[^&]+&stack=${P}$`));

  // the QR code carries exactly this URL: its dark modules are the ones `qrcode` makes of it
  const want = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
  const drawn = await page.getByTestId('qr-code').locator('path').getAttribute('d');
  const dark = [...want.data].filter(Boolean).length;
  expect((drawn ?? '').match(/M/g)?.length).toBe(dark);
  expect(await page.getByTestId('qr-code').getAttribute('aria-label')).toBeTruthy();

  // the TV: a fresh browser with nothing but the link
  const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const screen = await tv.newPage();
  await screen.goto(url);
  await expect(screen).toHaveURL(`${baseURL}/wall?stack=${P}`);
  await expect(screen.locator(`[data-testid="wall-service"][data-service="${P}/web"]`)).toBeVisible({
    timeout: 30_000,
  });
  await expect(screen.locator('button, input, select, textarea, form')).toHaveCount(0);
  await tv.close();
});
