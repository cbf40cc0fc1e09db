import type { Locator, Page } from '@playwright/test';
import {
  type MetricsEndpoint,
  type PromStack,
  startMetricsEndpoint,
  startPromStack,
} from '../tests/support/prometheus';
import { expect, login, removeProject, runReplica, test } from './support/fixtures';
import { type RunningServer, startServer } from './support/server';

// On-call opens Opsdeck on a phone first. Every page must fit 390 px with no sideways page scroll,
// its actions on screen and its confirmations usable. A firing alert (real Prometheus + Alertmanager)
// fills the alerts page and the row's alert count.
const P = 'e2ephone';
const JOB = 'e2ephone-api';
const LONG = 'payments-reconciliation-worker-with-a-very-long-name';
let server: RunningServer | undefined;
let stack: PromStack | undefined;
let endpoint: MetricsEndpoint | undefined;

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await removeProject(P);
  endpoint = await startMetricsEndpoint();
  endpoint.set(JOB, 'queue_size', 500);
  stack = await startPromStack({
    jobs: [{ job: JOB, port: endpoint.port }],
    rulesYaml: `groups:
  - name: e2e
    rules:
      - alert: QueueBacklogGrowingFasterThanTheConsumersCanDrainIt
        expr: queue_size{job="${JOB}"} > 100
        labels: { severity: critical, runbook_url_with_a_long_label_name: "https://runbooks.example.internal/queues/backlog/what-to-do-when-it-grows" }
        annotations: { summary: "queue is {{ $value }}" }
`,
  });
  const labels = [
    '--label',
    `opsdeck.prometheus.job=${JOB}`,
    '--label',
    `opsdeck.queue=sum(queue_size{job="${JOB}"})`,
    '--label',
    'opsdeck.queue.warn=50',
  ];
  await runReplica({ project: P, service: LONG, n: 1, options: labels, command: ['sleep', '3600'] });
  await runReplica({
    project: P,
    service: 'chatty',
    n: 1,
    command: [
      'sh',
      '-c',
      'i=0; while true; do i=$((i+1)); echo "line $i $(printf "%0200d" 0)"; sleep 0.2; done',
    ],
  });
  server = await startServer({
    PROMETHEUS_URL: stack.prometheusUrl,
    ALERTMANAGER_URL: stack.alertmanagerUrl,
  });
});

test.afterAll(async () => {
  await server?.stop();
  await removeProject(P);
  await stack?.stop();
  await endpoint?.close();
});

async function expectNoSideScroll(page: Page, what: string) {
  const { width, culprits } = await page.evaluate(() => ({
    width: document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY,
    // what sticks out, to say where the fix goes when this fails
    culprits: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > 391)
      .slice(-5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 80)}`),
  }));
  expect(width, `${what}: page wider than the phone (${culprits.join(' | ')})`).toBeLessThanOrEqual(390);
}

/** The element is inside the 390 px viewport (reachable without scrolling sideways). */
async function expectOnScreen(selector: Locator, what: string) {
  await selector.scrollIntoViewIfNeeded();
  const box = await selector.boundingBox();
  expect(box, what).not.toBeNull();
  expect(box?.x ?? -1, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect((box?.x ?? 0) + (box?.width ?? 0), `${what}: right edge`).toBeLessThanOrEqual(390);
}

test('overview, service page, logs and alerts fit a 390 px phone, actions and confirmations included', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const url = server?.url ?? '';
  await login(page, url);

  await page.goto(`${url}/`);
  const row = page.locator(`[data-testid="service-row"][data-service="${P}/${LONG}"]`);
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row.getByTestId('alert-count')).toBeVisible({ timeout: 30_000 });
  // the row's CPU/memory figure is part of what must fit
  await expect(row.getByTestId('row-stats')).toBeVisible({ timeout: 15_000 });
  await expectNoSideScroll(page, '/');
  await expectOnScreen(row.getByRole('button', { name: `Restart ${LONG}` }), 'the row restart button');
  await expectOnScreen(row.getByTestId('alert-count'), 'the row alert count');
  // the "more" menu opens on screen
  await row.getByLabel(`More actions for ${LONG}`).click();
  await expectOnScreen(row.getByTestId('action-scale'), 'the scale entry of the row menu');
  await expectNoSideScroll(page, '/ with the row menu open');

  // a confirmation is usable: fully on screen, and Cancel closes it without acting
  await row.getByTestId('action-scale').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expectOnScreen(dialog.getByTestId('confirm-action'), 'the confirm button');
  await expectOnScreen(dialog.getByRole('button', { name: 'Cancel' }), 'the cancel button');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  await row.getByRole('link', { name: LONG }).click();
  await expect(page.getByTestId('service-name')).toHaveText(LONG);
  await expect(page.getByTestId('container').first()).toBeVisible();
  await expect(page.getByTestId('stats-cpu').first()).toContainText('%');
  await expectNoSideScroll(page, 'the service page');
  await expectOnScreen(page.getByTestId('service-actions').getByTestId('action-restart'), 'restart');
  await page.getByTestId('container').first().locator('summary').click();
  await expectNoSideScroll(page, 'the service page with a container opened');

  await page.goto(`${url}/`);
  await page
    .locator(`[data-testid="service-row"][data-service="${P}/chatty"]`)
    .getByRole('link', { name: 'chatty' })
    .click();
  await page.waitForURL(/\/services\/[^/]+$/);
  await page.goto(`${page.url()}/logs`);
  await expect(page.getByTestId('log-line').first()).toBeVisible({ timeout: 30_000 });
  await expectNoSideScroll(page, 'the logs page');
  await expectOnScreen(page.getByRole('button', { name: 'Pause' }), 'the pause button');

  // a silence made from the row, in a dialog that fits the phone; Alertmanager then has it
  await page.goto(`${url}/`);
  await row.getByTestId('row-silence').click();
  const silence = page.getByRole('dialog', { name: `Silence alerts of ${LONG}` });
  await expect(silence.getByLabel('Label value').first()).toHaveValue(
    'QueueBacklogGrowingFasterThanTheConsumersCanDrainIt',
  );
  await silence.getByLabel('Comment').fill('e2e: from the phone');
  await expectOnScreen(silence.getByRole('button', { name: 'Create silence' }), 'create silence (row)');
  await silence.getByRole('button', { name: 'Create silence' }).click();
  await expect(silence).toBeHidden({ timeout: 15_000 });
  const made = (await (await fetch(`${stack?.alertmanagerUrl}/api/v2/silences`)).json()) as {
    comment: string;
    status: { state: string };
  }[];
  expect(made.some((x) => x.comment === 'e2e: from the phone' && x.status.state === 'active')).toBe(true);

  // the row's alert count opens the alerts page filtered to that service
  await page.goto(`${url}/`);
  await row.getByTestId('alert-count').click();
  await expect(page).toHaveURL(/\/alerts\?service=/);
  await expect(page.getByTestId('alerts-filter')).toContainText(`${P}/${LONG}`);
  const alert = page.locator(
    '[data-testid="alert"][data-alert="QueueBacklogGrowingFasterThanTheConsumersCanDrainIt"]',
  );
  await expect(alert).toHaveAttribute('data-state', 'firing', { timeout: 60_000 });
  await expectNoSideScroll(page, 'the alerts page');
  await alert.getByRole('button', { name: 'Silence…' }).click();
  const form = alert.getByTestId('silence-form');
  await expect(form).toBeVisible();
  await expectNoSideScroll(page, 'the alerts page with the silence form open');
  await expectOnScreen(form.getByRole('button', { name: 'Create silence' }), 'create silence');
  await expectOnScreen(form.getByLabel('Comment'), 'the comment field');
});
