import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test as base, expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD } from './server';

const pexec = promisify(execFile);

export const BUSYBOX = 'opsdeck-demo/busybox:1';

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await pexec('docker', args, { env: process.env });
  return stdout.trim();
}

/** Removes every container of a compose project (by its label), whatever its state. */
export async function removeProject(project: string): Promise<void> {
  const ids = await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`);
  if (ids) await docker('rm', '-f', ...ids.split('\n'));
}

export interface ReplicaSpec {
  project: string;
  service: string;
  n: number;
  /** further `docker run` options (labels, health checks…) */
  options?: string[];
  image?: string;
  command?: string[];
}

/**
 * Starts one compose-labelled replica (`project_service_n`, the v1.29 form) with no network, so the
 * console groups it exactly as it would a docker-compose container.
 */
export async function runReplica({
  project,
  service,
  n,
  options = [],
  image = BUSYBOX,
  command = [],
}: ReplicaSpec): Promise<string> {
  return docker(
    'run',
    '-d',
    '--network',
    'none',
    '--name',
    `${project}_${service}_${n}`,
    '--label',
    `com.docker.compose.project=${project}`,
    '--label',
    `com.docker.compose.service=${service}`,
    '--label',
    `com.docker.compose.container-number=${n}`,
    '--label',
    'com.docker.compose.oneoff=False',
    ...options,
    image,
    ...command,
  );
}

/** Logs in through the real login route; the session cookie lands in the page's context. */
export async function login(
  page: Page,
  baseURL: string,
  username = 'admin',
  password = ADMIN_PASSWORD,
): Promise<void> {
  const res = await page.request.post(`${baseURL}/api/v1/auth/login`, {
    data: { username, password },
    headers: { origin: baseURL },
  });
  expect(res.status(), await res.text()).toBe(200);
}

interface Fixtures {
  baseURL: string;
  /** Fails the test when any JavaScript dialog opens (an injected payload would open one). */
  noDialogs: undefined;
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring form for fixtures.
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url) throw new Error('E2E_BASE_URL not set: e2e/support/global-setup.ts starts the server');
    await use(url);
  },
  noDialogs: [
    async ({ page }, use) => {
      const dialogs: string[] = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await use(undefined);
      expect(dialogs, 'no script from container data may run').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
