/**
 * Single sign-on end to end: a real OpenID Connect provider (`oidc-provider`, e2e/support) and a second
 * Opsdeck server configured for it, driven in Chromium through the provider's own login and consent
 * pages. Groups map to roles with OPSDECK_OIDC_ROLE_MAP; no catch-all, so unmapped groups are refused.
 */
import type { Page } from '@playwright/test';
import { expect, removeProject, runReplica, test } from './support/fixtures';
import { IDP_CLIENT, type RunningProvider, startProvider } from './support/oidc-provider';
import { ADMIN_PASSWORD, freePort, type RunningServer, startServer } from './support/server';

const P = 'opsdeck-test-oidc';
const NAME = 'Example ID';
let idp: RunningProvider;
let opsdeck: RunningServer;

test.beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  idp = await startProvider(`${base}/api/v1/auth/oidc/callback`);
  opsdeck = await startServer(
    {
      OPSDECK_PUBLIC_URL: base,
      OPSDECK_OIDC_ISSUER: idp.issuer,
      OPSDECK_OIDC_ALLOW_HTTP: 'true',
      OPSDECK_OIDC_CLIENT_ID: IDP_CLIENT.id,
      OPSDECK_OIDC_CLIENT_SECRET: IDP_CLIENT.secret,
      OPSDECK_OIDC_SCOPES: 'openid profile groups',
      OPSDECK_OIDC_NAME: NAME,
      OPSDECK_OIDC_ROLE_MAP: 'ops-admins=admin,ops=operator,ops-viewers=viewer',
    },
    undefined,
    port,
  );
  await removeProject(P);
  await runReplica({ project: P, service: 'web', n: 1, command: ['sleep', '3600'] });
});

test.afterAll(async () => {
  await removeProject(P);
  await opsdeck?.stop();
  await idp?.close();
});

/** From Opsdeck's login page through the provider's login and consent pages, back to Opsdeck. */
async function signIn(page: Page, who: string, next = '/'): Promise<void> {
  await page.goto(`${opsdeck.url}/login?next=${encodeURIComponent(next)}`);
  await page.getByRole('link', { name: `Sign in with ${NAME}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(who);
  await page.locator('input[name="password"]').fill('any password: the test provider takes it');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

const row = (page: Page) => page.locator(`[data-testid="service-row"][data-service="${P}/web"]`);

test('an operator by group signs in through the provider and sees the actions', async ({ page }) => {
  await signIn(page, 'olga');
  await expect(page).toHaveURL(`${opsdeck.url}/`);
  await expect(page.getByTestId('whoami')).toHaveText('olga · operator');
  await expect(row(page).getByRole('button', { name: 'Restart web' })).toBeVisible();

  // the OIDC user has no password here: no form to change one, and the local login refuses it
  await page.goto(`${opsdeck.url}/settings`);
  await expect(
    page.getByText('This account is managed outside Opsdeck: it has no password here.'),
  ).toBeVisible();
  await expect(page.getByRole('form', { name: 'Change your password' })).toHaveCount(0);
  const guessed = await page.request.post(`${opsdeck.url}/api/v1/auth/login`, {
    data: { username: 'olga', password: 'any password: the test provider takes it' },
    headers: { origin: opsdeck.url },
  });
  expect(guessed.status()).toBe(401);
});

test('a viewer by group is offered no action', async ({ page }) => {
  await signIn(page, 'vic');
  await expect(page).toHaveURL(`${opsdeck.url}/`);
  await expect(page.getByTestId('whoami')).toHaveText('vic · viewer');
  await expect(row(page)).toBeVisible();
  await expect(row(page).getByRole('button', { name: 'Restart web' })).toHaveCount(0);
  await expect(row(page).getByTestId('action-restart')).toHaveCount(0);
});

test('an admin by group lands where it was going and finds the sign-ins in the audit log', async ({
  page,
}) => {
  await signIn(page, 'ada', '/audit');
  await expect(page).toHaveURL(`${opsdeck.url}/audit`);
  await expect(page.getByTestId('whoami')).toHaveText('ada · admin');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'auth.oidc.login' }).first()).toBeVisible();
  const res = await page.request.get(`${opsdeck.url}/api/v1/audit?action=auth.oidc.login`);
  const { entries } = (await res.json()) as {
    entries: { actor: string; result: string; params: Record<string, unknown> }[];
  };
  expect(entries[0]).toMatchObject({
    actor: 'ada',
    result: 'ok',
    params: { role: 'admin', groups: ['ops-admins'] },
  });
  // the users page marks them as single sign-on users, with no password to reset
  await page.goto(`${opsdeck.url}/settings/users`);
  const ada = page.locator('[data-testid="user"][data-user="ada"]');
  await expect(ada).toHaveAttribute('data-kind', 'oidc');
  await expect(ada).toContainText('single sign-on');
  await expect(ada.getByRole('button', { name: 'Reset password of ada' })).toHaveCount(0);
  await expect(
    page
      .locator('[data-testid="user"][data-user="admin"]')
      .getByRole('button', { name: 'Reset password of admin' }),
  ).toBeVisible();
});

test('a user whose groups map to no role is refused with a message; local login still works', async ({
  page,
}) => {
  await signIn(page, 'nora');
  await expect(page).toHaveURL(`${opsdeck.url}/login?sso=no-role`);
  await expect(page.locator('#sso-error')).toContainText('in no group that Opsdeck gives a role to');
  // no session was opened
  const me = await page.request.get(`${opsdeck.url}/api/v1/auth/me`);
  expect(me.status()).toBe(401);
  // and the local admin still logs in on the same page
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(`${opsdeck.url}/`);
  await expect(page.getByTestId('whoami')).toHaveText('admin · admin');
  const audit = await page.request.get(`${opsdeck.url}/api/v1/audit?action=auth.oidc.login&actor=nora`);
  const { entries } = (await audit.json()) as { entries: { result: string }[] };
  expect(entries.map((e) => e.result)).toEqual(['refused:no-role']);
});

test('an answer whose state was tampered with is refused, and cannot be replayed', async ({
  page,
  baseURL,
}) => {
  // Start the flow as the button would (the flow cookie lands in this browser), then send the browser
  // to the provider with another state: the provider hands it back, Opsdeck must refuse it.
  const start = await page.request.get(`${opsdeck.url}/api/v1/auth/oidc/login`, { maxRedirects: 0 });
  expect(start.status()).toBe(303);
  const authorize = new URL(start.headers().location ?? '');
  const state = authorize.searchParams.get('state') ?? '';
  expect(state.length).toBeGreaterThan(20);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  authorize.searchParams.set('state', `${state}x`);
  const callbacks: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${opsdeck.url}/api/v1/auth/oidc/callback`)) callbacks.push(r.url());
  });
  await page.goto(authorize.href);
  await page.locator('input[name="login"]').fill('olga');
  await page.locator('input[name="password"]').fill('any password: the test provider takes it');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(`${opsdeck.url}/login?sso=state`);
  await expect(page.locator('#sso-error')).toContainText('did not match the request this browser made');
  expect((await page.request.get(`${opsdeck.url}/api/v1/auth/me`)).status()).toBe(401);

  // The code was never exchanged; with the right state now, the flow cookie is gone: still refused.
  const replay = new URL(callbacks[0] ?? '');
  expect(replay.searchParams.get('code')).toBeTruthy();
  replay.searchParams.set('state', state);
  await page.goto(replay.href);
  await expect(page).toHaveURL(`${opsdeck.url}/login?sso=expired`);
  expect((await page.request.get(`${opsdeck.url}/api/v1/auth/me`)).status()).toBe(401);

  // the shared e2e server (no single sign-on configured) answers 404 for the same route
  expect((await page.request.get(`${baseURL}/api/v1/auth/oidc/login`, { maxRedirects: 0 })).status()).toBe(
    404,
  );
});
