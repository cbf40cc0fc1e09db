import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningRegistry, startRegistry } from '../tests/support/registry';
import { BUSYBOX, docker, expect, login, removeProject, runReplica, test } from './support/fixtures';

// A real registry on loopback: the service runs v1 of a tag, v2 is pushed to the same tag.
const P = 'opsdeck-test-images-ui';
let registry: RunningRegistry;
let REF = '';
let v1 = '';

async function buildAndPush(version: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-images-ui-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\nENV APP_VERSION=${version}\n`);
  await docker('build', '-q', '-t', REF, dir);
  await docker('push', REF);
}

test.beforeAll(async () => {
  await removeProject(P);
  registry = await startRegistry();
  REF = `${registry.host}/demo/ui:1`;
  await buildAndPush('1');
  v1 = await docker('image', 'inspect', '--format', '{{.Id}}', REF);
  await runReplica({
    project: P,
    service: 'web',
    n: 1,
    image: REF,
    options: ['--health-cmd', 'true', '--health-interval', '1s'],
    command: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"],
  });
  // the tag moves to v2 on the host and in the registry; the container still runs v1
  await buildAndPush('2');
});

test.afterAll(async () => {
  await removeProject(P);
  await registry?.stop();
  if (registry) fs.rmSync(registry.dir, { recursive: true, force: true });
  await docker('image', 'rm', REF).catch(() => '');
  // v1 lost its tag to v2 but keeps the registry digest reference: only a forced removal takes it
  await docker('image', 'rm', '-f', v1).catch(() => '');
});

test('Check now shows "update available" on the service page and the overview row', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/`);
  const row = page.locator(`[data-testid="service-row"][data-service="${P}/web"]`);
  await expect(row).toHaveAttribute('data-status', 'healthy');
  await row.getByRole('link', { name: 'web' }).click();
  const panel = page.getByTestId('image-panel');
  await expect(panel).toContainText('not checked yet');
  await panel.getByTestId('image-check-now').click();
  await expect(panel.getByTestId('update-available')).toBeVisible();
  await page.goto(`${baseURL}/`);
  await expect(row.getByTestId('update-available')).toBeVisible();
});

test('the prune dry run lists the unused v2 image, not the one the service runs', async ({
  page,
  baseURL,
}) => {
  await login(page, baseURL);
  await page.goto(`${baseURL}/disk`);
  await expect(page.getByTestId('disk-usage')).toContainText('Images');
  await page.getByTestId('prune-dry-run').click();
  const list = page.getByTestId('prune-list');
  await expect(list).toContainText(REF);
  // the running v1 has no tag left: it would be listed by its short id
  await expect(list).not.toContainText(v1.slice('sha256:'.length, 'sha256:'.length + 12));
  await expect(list).toContainText('Kept (in use');
});
