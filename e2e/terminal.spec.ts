import type { APIRequestContext } from '@playwright/test';
import WebSocket from 'ws';
import { expect, login, removeProject, runReplica, test } from './support/fixtures';

/**
 * The browser terminal against the production server (scripts/start.mjs hands the WebSocket upgrade
 * to lib/http/terminal-upgrade.ts) and the sandbox engine: type in xterm.js, see the shell's answer;
 * the button only for who holds `exec`; a wall token or a foreign Origin refused; the session audited
 * with what was typed.
 */
const P = 'opsdeck-test-terminal-ui';

test.beforeAll(async () => {
  await removeProject(P);
  await runReplica({
    project: P,
    service: 'shell',
    n: 1,
    command: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"],
  });
});
test.afterAll(() => removeProject(P));

async function servicePage(page: import('@playwright/test').Page, baseURL: string) {
  await page.goto(`${baseURL}/`);
  const row = page.locator(`[data-testid="service-row"][data-service="${P}/shell"]`);
  await row.getByRole('link', { name: 'shell' }).click();
  await expect(page.getByTestId('service-name')).toHaveText('shell');
}

/** The HTTP status an upgrade is refused with (or 101 when it is accepted). */
function upgradeStatus(url: string, options: { headers?: Record<string, string>; protocols?: string[] }) {
  return new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', reject);
  });
}

async function containerId(request: APIRequestContext, baseURL: string): Promise<string> {
  const res = await request.get(`${baseURL}/api/v1/services`);
  const body = (await res.json()) as {
    services: { stack: string; name: string; id: string }[];
  };
  const svc = body.services.find((s) => s.stack === P && s.name === 'shell');
  const detail = (await (await request.get(`${baseURL}/api/v1/services/${svc?.id}/containers`)).json()) as {
    containers?: { id: string }[];
  };
  const id = detail.containers?.[0]?.id;
  if (!id) throw new Error(`no container for ${P}/shell: ${JSON.stringify(detail).slice(0, 300)}`);
  return id;
}

test('an admin opens a terminal, types, sees the answer; the session is audited with its transcript', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await servicePage(page, baseURL);
  await page.getByTestId('terminal-open').click();
  await expect(page.getByTestId('terminal-shell')).toHaveValue('sh');
  await page.getByTestId('terminal-connect').click();
  await expect(page.getByTestId('terminal-status')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('terminal-screen').click();
  await page.keyboard.type('echo hi-$((1+2))');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-screen').locator('.xterm-rows')).toContainText('hi-3');
  await page.keyboard.type('exit');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('terminal-status')).toContainText('The command exited (code 0)');
  await expect(async () => {
    const res = await page.request.get(`${baseURL}/api/v1/audit?action=container.terminal`);
    const { entries } = (await res.json()) as {
      entries: {
        actor: string;
        target: string;
        result: string;
        params: { transcript?: string; ended?: string };
      }[];
    };
    const entry = entries.find((e) => e.actor === 'admin' && e.params.ended === 'exited');
    expect(entry?.target).toBe(`${P}/shell`);
    expect(entry?.params.transcript).toContain('echo hi-$((1+2))\n');
  }).toPass({ timeout: 15_000 });
});

test('a viewer gets no Terminal button', async ({ page, baseURL }) => {
  await login(page, baseURL);
  const created = await page.request.post(`${baseURL}/api/v1/users`, {
    data: { username: 'term-viewer', password: 'term-viewer-password', role: 'viewer' },
    headers: { origin: baseURL },
  });
  expect([201, 409]).toContain(created.status());
  await page.context().clearCookies();
  await login(page, baseURL, 'term-viewer', 'term-viewer-password');
  await servicePage(page, baseURL);
  // the page is rendered (the containers are listed) and still offers no terminal
  await expect(page.getByTestId('container')).toHaveCount(1);
  await expect(page.getByTestId('terminal-open')).toHaveCount(0);
});

test('a wall token, a foreign Origin and no Origin are refused before the WebSocket opens', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  const id = await containerId(page.request, baseURL);
  const url = `${baseURL.replace(/^http/, 'ws')}/api/v1/containers/${id}/exec?cmd=sh`;
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  // the session itself may: same origin
  expect(await upgradeStatus(url, { headers: { cookie, origin: baseURL } })).toBe(101);
  expect(await upgradeStatus(url, { headers: { cookie, origin: 'http://evil.example' } })).toBe(403);
  expect(await upgradeStatus(url, { headers: { cookie } })).toBe(403);
  const minted = await page.request.post(`${baseURL}/api/v1/tokens`, {
    data: { name: 'term-wall', scopes: ['display'] },
    headers: { origin: baseURL },
  });
  expect(minted.status()).toBe(201);
  const { token } = (await minted.json()) as { token: string };
  expect(await upgradeStatus(url, { protocols: ['opsdeck.terminal', `bearer.${token}`] })).toBe(403);
  expect(await upgradeStatus(url, { headers: { cookie: `opsdeck_wall=${token}`, origin: baseURL } })).toBe(
    403,
  );
  // and a display token with exec cannot even be minted
  const both = await page.request.post(`${baseURL}/api/v1/tokens`, {
    data: { name: 'term-wall-exec', scopes: ['display', 'exec'] },
    headers: { origin: baseURL },
  });
  expect(both.status()).toBe(403);
});
