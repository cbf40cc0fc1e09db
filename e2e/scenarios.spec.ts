import { docker, expect, login, test } from './support/fixtures';
import { demo, serviceOf, withStack } from './support/scenarios';
import { startServer } from './support/server';

/**
 * The demo's incident scenarios (issue #20), each played by `scripts/demo.sh scenario <stack>` against
 * the e2e server, with only that stack up, and watched in Opsdeck: its API and its pages.
 */
test.describe.configure({ mode: 'serial' });

test('doorbell: v2 fails its readiness gate, is rolled back automatically; timeline and audit show it, the chain verifies', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const down = await withStack(baseURL, 'doorbell');
  try {
    await login(page, baseURL);
    const out = await demo(baseURL, 'scenario', 'doorbell');
    expect(out).toMatch(
      /deploy failed: deploy to opsdeck-demo\/doorbell:2 failed the gate; .*doorbell:1 was restored/,
    );
    expect(out).toContain('did not answer 2xx in time (last: HTTP 503)');
    expect(out).toContain('(automatic rollback)');

    const svc = await serviceOf(page.request, baseURL, 'doorbell', 'api');
    // v1 runs again (the very container that was stopped), healthy
    const v1 = await docker('image', 'inspect', '-f', '{{.Id}}', 'opsdeck-demo/doorbell:1');
    const ids = (
      await docker(
        'ps',
        '-q',
        '--filter',
        'label=com.docker.compose.project=doorbell',
        '--filter',
        'label=com.docker.compose.service=api',
      )
    ).split('\n');
    expect(ids).toHaveLength(1);
    expect(await docker('inspect', '-f', '{{.Image}}', ids[0] ?? '')).toBe(v1);

    const tl = (await (
      await page.request.get(`${baseURL}/api/v1/services/${svc.id}/timeline?limit=50`)
    ).json()) as {
      events: { summary: string; severity: string; attributes: Record<string, unknown> }[];
    };
    const deploy = tl.events.find((e) => e.attributes.jobKind === 'deploy');
    expect(deploy?.severity).toBe('critical');
    expect(deploy?.summary).toMatch(/^deploy by admin failed: .*doorbell:1 was restored/);

    const audit = (await (
      await page.request.get(`${baseURL}/api/v1/audit?action=job.deploy&limit=20`)
    ).json()) as {
      entries: { action: string; result: string; serviceId: string | null; actor: string }[];
    };
    const entry = audit.entries.find((e) => e.serviceId === svc.id);
    expect(entry?.actor).toBe('admin');
    expect(entry?.result).toMatch(/^failed: deploy to opsdeck-demo\/doorbell:2 failed the gate/);
    const verify = (await (await page.request.get(`${baseURL}/api/v1/audit/verify`)).json()) as {
      ok: boolean;
      entries: number;
    };
    expect(verify.ok).toBe(true);
    expect(verify.entries).toBeGreaterThan(0);

    // the service page tells it: the failed deploy on the timeline, the job's steps name the rollback
    await page.goto(`${baseURL}/services/${svc.id}`);
    await expect(
      page
        .getByTestId('incident-summary')
        .filter({ hasText: /deploy by admin failed: .*doorbell:1 was restored/ })
        .first(),
    ).toBeVisible({ timeout: 20_000 });
    expect(await demo(baseURL, 'fix', 'doorbell/api')).toContain('fixed');
  } finally {
    await down();
  }
});

test('miyraa: its rate-limit store goes down; /ready fails while /health passes; Opsdeck shows degraded with the probe reason', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const down = await withStack(baseURL, 'miyraa');
  try {
    await login(page, baseURL);
    await demo(baseURL, 'scenario', 'miyraa');
    let svc = await serviceOf(page.request, baseURL, 'miyraa', 'miyraa-api');
    await expect(async () => {
      svc = await serviceOf(page.request, baseURL, 'miyraa', 'miyraa-api');
      expect(svc.status).toBe('degraded');
      expect(svc.reasons.map((r) => r.message).join('\n')).toMatch(
        /ready probe http:\/\/127\.0\.0\.1:18200\/ready .*answered 503/,
      );
    }).toPass({ timeout: 40_000 });
    // liveness still passes: the container's HEALTHCHECK (/health) stays healthy, no restart
    const id = await docker(
      'ps',
      '-q',
      '--filter',
      'label=com.docker.compose.project=miyraa',
      '--filter',
      'label=com.docker.compose.service=miyraa-api',
    );
    expect(await docker('inspect', '-f', '{{.State.Health.Status}} {{.RestartCount}}', id)).toBe('healthy 0');
    await page.goto(`${baseURL}/services/${svc.id}`);
    await expect(page.getByTestId('reasons')).toContainText('answered 503', { timeout: 20_000 });

    await demo(baseURL, 'fix', 'miyraa/redis');
    await expect(async () => {
      expect((await serviceOf(page.request, baseURL, 'miyraa', 'miyraa-api')).status).toBe('healthy');
    }).toPass({ timeout: 40_000 });
  } finally {
    await down();
  }
});

test('imaging: a bad migration empties scans; the db shows it; fix restores the last verified pg_dump backup: 240 scans', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const down = await withStack(baseURL, 'imaging');
  try {
    await login(page, baseURL);
    const out = await demo(baseURL, 'scenario', 'imaging');
    // the backup taken first was restore-tested into a throwaway server
    expect(out).toMatch(/Check passed[\s\S]*restored: 240 scans/);
    await expect(async () => {
      const svc = await serviceOf(page.request, baseURL, 'imaging', 'db');
      expect(svc.status).not.toBe('healthy');
      expect(svc.reasons.map((r) => r.message).join('\n')).toContain('scans check failed');
    }).toPass({ timeout: 40_000 });
    const db = await docker(
      'ps',
      '-q',
      '--filter',
      'label=com.docker.compose.project=imaging',
      '--filter',
      'label=com.docker.compose.service=db',
    );
    const count = () =>
      docker(
        'exec',
        db,
        'psql',
        '-h',
        '127.0.0.1',
        '-p',
        '15432',
        '-U',
        'postgres',
        '-d',
        'imaging',
        '-tAc',
        'select count(*) from scans',
      );
    expect(await count()).toBe('0');

    const fixed = await demo(baseURL, 'fix', 'imaging/db');
    expect(fixed).toContain('scans has 240 rows');
    expect(await count()).toBe('240');
    await expect(async () => {
      expect((await serviceOf(page.request, baseURL, 'imaging', 'db')).status).toBe('healthy');
    }).toPass({ timeout: 40_000 });
  } finally {
    await down();
  }
});

test('catcounter: rolling update to v2 behind HAProxy with zero failed requests; redis data loss restored from the last verified backup', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const down = await withStack(baseURL, 'catcounter');
  try {
    await login(page, baseURL);
    const out = await demo(baseURL, 'scenario', 'catcounter');
    const m = /rolling update: (\d+) requests at the load balancer, (\d+) failed/.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThan(20);
    expect(Number(m?.[2])).toBe(0);
    console.log(m?.input.match(/rolling update: .*/)?.[0]);
    const web = await serviceOf(page.request, baseURL, 'catcounter', 'web');
    const v2 = await docker('image', 'inspect', '-f', '{{.Id}}', 'opsdeck-demo/catcounter:2');
    const ids = (
      await docker(
        'ps',
        '-q',
        '--filter',
        'label=com.docker.compose.project=catcounter',
        '--filter',
        'label=com.docker.compose.service=web',
      )
    ).split('\n');
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(await docker('inspect', '-f', '{{.Image}}', id)).toBe(v2);
    await page.goto(`${baseURL}/services/${web.id}`);
    await expect(
      page.getByTestId('incident-summary').filter({ hasText: 'deploy by admin succeeded' }).first(),
    ).toBeVisible({ timeout: 20_000 });

    const lost = Number(/cats_counted was (\d+)/.exec(out)?.[1]);
    expect(lost).toBeGreaterThan(0);
    const fixed = await demo(baseURL, 'fix', 'catcounter/redis');
    expect(fixed).toContain('cats_counted back to');
    const redis = await docker(
      'ps',
      '-q',
      '--filter',
      'label=com.docker.compose.project=catcounter',
      '--filter',
      'label=com.docker.compose.service=redis',
    );
    expect(
      Number(await docker('exec', redis, 'redis-cli', '-p', '16380', 'GET', 'catcounter:cats_counted')),
    ).toBeGreaterThanOrEqual(lost);
  } finally {
    await down();
  }
});

test('analytics: backlog → QueueBacklog on the worker row → scale from the row (the new worker is scraped) → the queue drains', async ({
  page,
}) => {
  test.setTimeout(300_000);
  // the demo's own Prometheus and Alertmanager (docker SD + its rules); a server pointed at them
  const PROM = 'http://127.0.0.1:19090';
  const promWasUp = await fetch(`${PROM}/-/ready`).then(
    (r) => r.ok,
    () => false,
  );
  const base0 = process.env.E2E_BASE_URL ?? '';
  const down = await withStack(base0, 'analytics');
  await demo(base0, 'monitoring', 'up');
  const server = await startServer({ PROMETHEUS_URL: PROM, ALERTMANAGER_URL: 'http://127.0.0.1:19093' });
  const url = server.url;
  try {
    await login(page, url);
    await demo(url, 'scenario', 'analytics');
    await expect(async () => {
      const w = await serviceOf(page.request, url, 'analytics', 'worker');
      expect(w.queue?.level).toBe('critical');
      expect(w.alerts.firing).toBeGreaterThan(0);
    }).toPass({ timeout: 150_000, intervals: [3_000] });

    await page.goto(url);
    await page.getByRole('searchbox', { name: 'Search services' }).fill('analytics');
    const row = page.locator('[data-testid="service-row"][data-service="analytics/worker"]');
    await row.getByLabel('More actions for worker').click();
    await row.getByTestId('action-scale').click();
    const dialog = page.getByTestId('confirm-dialog').filter({ hasText: 'Scale worker' });
    await dialog.getByTestId('scale-input').fill('3');
    await dialog.getByTestId('confirm-action').click();
    await expect(page.getByTestId('job-drawer')).toHaveAttribute('data-status', 'succeeded', {
      timeout: 90_000,
    });
    // Prometheus finds the third worker by itself (Docker service discovery): 3 targets up
    await expect(async () => {
      const q = await fetch(
        `${PROM}/api/v1/query?query=${encodeURIComponent('sum(up{job="analytics-worker"})')}`,
      );
      const { data } = (await q.json()) as { data: { result: { value: [number, string] }[] } };
      expect(data.result[0]?.value[1]).toBe('3');
    }).toPass({ timeout: 60_000 });

    // The two workers that were running when the backlog began stay stuck (the switch is still on): only
    // the worker the scale added consumes, so the queue draining proves the scale-up drained it.
    await expect(async () => {
      const w = await serviceOf(page.request, url, 'analytics', 'worker');
      expect(w.queue?.value ?? 999, 'queue_size of the analytics worker').toBeLessThan(100);
      // on failure, say which alerts Prometheus still fires, not only how many
      const firing = await fetch(`${PROM}/api/v1/alerts`)
        .then(
          (r) =>
            r.json() as Promise<{ data: { alerts: { state: string; labels: Record<string, string> }[] } }>,
        )
        .then((a) => a.data.alerts.filter((x) => x.state === 'firing').map((x) => JSON.stringify(x.labels)))
        .catch((e: unknown) => [`(could not ask Prometheus: ${String(e)})`]);
      expect(
        w.alerts.firing,
        `firing for the worker; Prometheus fires ${firing.join(', ') || 'nothing'}`,
      ).toBe(0);
    }).toPass({ timeout: 150_000, intervals: [3_000] });
    const paused = await fetch(
      `${PROM}/api/v1/query?query=${encodeURIComponent('sum(worker_paused{job="analytics-worker"})')}`,
    );
    const held = (await paused.json()) as { data: { result: { value: [number, string] }[] } };
    expect(held.data.result[0]?.value[1]).toBe('2');
    await demo(url, 'fix', 'analytics/worker');
  } finally {
    await server.stop();
    await down();
    if (!promWasUp) await demo(base0, 'monitoring', 'down');
  }
});
