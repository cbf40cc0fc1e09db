import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { APIRequestContext } from '@playwright/test';
import { docker, expect } from './fixtures';
import { ADMIN_PASSWORD, ROOT } from './server';

const pexec = promisify(execFile);

/**
 * Runs `scripts/demo.sh <args>` — the very script `npm run demo` runs — against the e2e server: the
 * scenarios act through Opsdeck's API (scripts/demo-opsdeck.mjs) as admin, so a scenario test proves the
 * demo. Answers stdout + stderr; a failing script fails the test with its output.
 */
export async function demo(baseURL: string, ...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await pexec('bash', [path.join(ROOT, 'scripts/demo.sh'), ...args], {
      env: {
        ...process.env,
        OPSDECK_URL: baseURL,
        OPSDECK_ADMIN_PASSWORD: ADMIN_PASSWORD,
        OPSDECK_DEMO_NO_APP: '1',
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    return `${stdout}\n${stderr}`;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`demo.sh ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

export interface ServiceView {
  id: string;
  stack: string;
  name: string;
  status: string;
  image: string;
  reasons: { code: string; message: string }[];
  queue: { value: number | null; level: string } | null;
  alerts: { firing: number; pending: number };
}

/** The service as Opsdeck answers it (waits until Opsdeck lists it). */
export async function serviceOf(
  request: APIRequestContext,
  baseURL: string,
  stack: string,
  name: string,
): Promise<ServiceView> {
  let found: ServiceView | undefined;
  await expect(async () => {
    const res = await request.get(`${baseURL}/api/v1/services`);
    const { services } = (await res.json()) as { services: ServiceView[] };
    found = services.find((s) => s.stack === stack && s.name === name);
    expect(found, `${stack}/${name} listed by Opsdeck`).toBeDefined();
  }).toPass({ timeout: 30_000 });
  return found as ServiceView;
}

/**
 * One stack of the demo, up and healthy, for the test; removed afterwards (volumes too) — unless it was
 * already up (a demo running on the same engine: the stacks own fixed loopback ports), which is only
 * `fix`ed, never removed.
 */
export async function withStack(baseURL: string, stack: string): Promise<() => Promise<void>> {
  const before = await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${stack}`);
  await demo(baseURL, 'stack', stack);
  return async () => {
    await demo(baseURL, before ? 'fix' : 'stack-down', ...(before ? [] : [stack]));
  };
}
