import http from 'node:http';
import { expect, login, test } from './support/fixtures';
import { freePort } from './support/server';

const SECRET = 'e2e-signing-secret-0123456789';
const bodies: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let sink: http.Server;
let sinkUrl = '';

test.beforeAll(async () => {
  sink = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      bodies.push({ headers: req.headers, body });
      res.end('ok');
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => sink.listen(port, '127.0.0.1', r));
  sinkUrl = `http://127.0.0.1:${port}/hook`;
});

test.afterAll(async () => {
  await new Promise<void>((r) => sink.close(() => r()));
});

test('an admin adds a signed webhook channel, never sees its secret again, and "Send test" delivers', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/notifications`);
  const name = `e2e-hook-${Date.now()}`;
  const form = page.getByRole('form', { name: 'Add a channel' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('URL').fill(sinkUrl);
  await form.getByLabel('Signing secret').fill(SECRET);
  await form.getByRole('button', { name: 'Add channel' }).click();
  const row = page.getByTestId('channel-row').filter({ hasText: name });
  await expect(row).toContainText('service.down, service.recovered');
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(SECRET);

  await row.getByRole('button', { name: 'Send test' }).click();
  await expect(row.getByTestId('test-result')).toContainText('delivered: answered 200');
  const got = bodies.at(-1);
  expect(got?.body).toContain('Test notification from Opsdeck, sent by admin');
  expect(String(got?.headers['x-opsdeck-signature'])).toMatch(/^t=\d+,sha256=[0-9a-f]{64}$/);
});
