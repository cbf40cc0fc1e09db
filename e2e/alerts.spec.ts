import {
  type MetricsEndpoint,
  type PromStack,
  startMetricsEndpoint,
  startPromStack,
} from '../tests/support/prometheus';
import { docker, expect, login, runReplica, test } from './support/fixtures';
import { type RunningServer, startServer } from './support/server';

// This spec needs Prometheus and Alertmanager (real, on loopback) and stops Prometheus as its fault,
// so it runs its own server pointed at them.
const STACK = 'e2ealerts';
const JOB = 'e2ealerts-worker';
const PAYLOAD = '<img src=x onerror=alert(1)>';
let server: RunningServer | undefined;
let stack: PromStack | undefined;
let endpoint: MetricsEndpoint | undefined;

test.beforeAll(async () => {
  endpoint = await startMetricsEndpoint();
  endpoint.set(JOB, 'queue_size', 120);
  stack = await startPromStack({
    jobs: [{ job: JOB, port: endpoint.port }],
    rulesYaml: `groups:
  - name: e2e
    rules:
      - alert: QueueHigh
        expr: queue_size{job="${JOB}"} > 100
        labels: { severity: critical }
        annotations: { summary: "${PAYLOAD} queue is {{ $value }}" }
`,
  });
  await docker('rm', '-f', `${STACK}_worker_1`).catch(() => '');
  await runReplica({
    project: STACK,
    service: 'worker',
    n: 1,
    options: [
      '--label',
      `opsdeck.prometheus.job=${JOB}`,
      '--label',
      `opsdeck.queue=sum(queue_size{job="${JOB}"})`,
      '--label',
      'opsdeck.queue.warn=50',
      '--label',
      'opsdeck.queue.critical=100',
    ],
    command: ['sleep', '3600'],
  });
  server = await startServer({
    PROMETHEUS_URL: stack.prometheusUrl,
    ALERTMANAGER_URL: stack.alertmanagerUrl,
  });
});

test.afterAll(async () => {
  await server?.stop();
  await docker('rm', '-f', `${STACK}_worker_1`).catch(() => '');
  await stack?.stop();
  await endpoint?.close();
});

test('a firing alert under its service, silenced and expired from the page; Prometheus stopped → banner', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const url = server?.url ?? '';
  await login(page, url);
  await page.goto(`${url}/alerts`);

  const group = page.getByTestId('alert-group').filter({ hasText: `${STACK}/worker` });
  const alert = group.locator('[data-testid="alert"][data-alert="QueueHigh"]');
  await expect(alert).toHaveAttribute('data-state', 'firing', { timeout: 30_000 });
  // the annotation is shown as text, never as markup (the noDialogs fixture fails on any alert())
  await expect(alert.getByTestId('alert-summary')).toContainText(PAYLOAD);
  await expect(alert.locator('img')).toHaveCount(0);

  await alert.getByRole('button', { name: 'Silence…' }).click();
  const form = alert.getByTestId('silence-form');
  await expect(form.getByLabel('Label value').first()).toHaveValue('QueueHigh');
  await form.getByLabel('Comment').fill('e2e: fixing the consumer');
  await form.getByRole('button', { name: 'Create silence' }).click();
  await expect(alert.getByTestId('silenced')).toBeVisible({ timeout: 15_000 });

  const silence = page.getByTestId('silence').filter({ hasText: 'e2e: fixing the consumer' });
  await expect(silence).toContainText('admin');
  const silenceId = (await silence.getAttribute('data-silence')) ?? '';
  const inAm = await (await fetch(`${stack?.alertmanagerUrl}/api/v2/silence/${silenceId}`)).json();
  expect(inAm).toMatchObject({ createdBy: 'admin', status: { state: 'active' } });

  await silence.getByRole('button', { name: 'Expire' }).click();
  await expect(silence).toHaveCount(0, { timeout: 15_000 });
  await expect(alert.getByTestId('silenced')).toHaveCount(0, { timeout: 15_000 });
  const expired = await (await fetch(`${stack?.alertmanagerUrl}/api/v2/silence/${silenceId}`)).json();
  expect(expired.status.state).toBe('expired');

  await stack?.stopPrometheus();
  await expect(page.getByTestId('banner-prometheus')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('banner-prometheus')).toContainText('Prometheus unreachable');
  await expect(page.getByTestId('no-alerts')).toHaveCount(0);
});
