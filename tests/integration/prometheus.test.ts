import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { inventory } from '@/lib/docker/inventory';
import type { DockerService } from '@/lib/docker/types';
import { alertsAnswer } from '@/lib/prometheus/alerts-api';
import { requestCount } from '@/lib/prometheus/metrics';
import {
  refreshPrometheus,
  startPrometheusRefresher,
  stopPrometheusRefresher,
} from '@/lib/prometheus/refresher';
import { registerPrometheusSource } from '@/lib/prometheus/service-source';
import { createSilence, expireSilence, listSilences } from '@/lib/prometheus/silences';
import { listServices } from '@/lib/services/index';
import type { Service } from '@/lib/services/types';
import { BUSYBOX, tempDataDir, testDocker, waitFor } from '../support/engine';
import {
  freePort,
  type MetricsEndpoint,
  type PromStack,
  startMetricsEndpoint,
  startPromStack,
} from '../support/prometheus';

const STACK = `promtest${process.pid}`;
const JOB = `${STACK}-worker`;
const DOWN_JOB = `${STACK}-gone`;

const rulesYaml = `groups:
  - name: opsdeck-test
    rules:
      - alert: QueueHigh
        expr: queue_size{job="${JOB}"} > 50
        for: 0s
        labels: { severity: critical }
        annotations: { summary: "Queue is <b>high</b>: {{ $value }}" }
      - alert: QueueHighForLong
        expr: queue_size{job="${JOB}"} > 50
        for: 1h
        labels: { severity: warning }
`;

let stack: PromStack;
let endpoint: MetricsEndpoint;
const containers: Docker.Container[] = [];

async function runLabelled(service: string, labels: Record<string, string>) {
  const c = await testDocker().createContainer({
    Image: BUSYBOX,
    Cmd: ['sleep', '3600'],
    name: `${STACK}-${service}-1`,
    Labels: {
      'com.docker.compose.project': STACK,
      'com.docker.compose.service': service,
      'com.docker.compose.container-number': '1',
      ...labels,
    },
    HostConfig: { NetworkMode: 'none' },
  });
  containers.push(c);
  await c.start();
}

const ours = () =>
  inventory()
    .services()
    .filter((s: DockerService) => s.stack === STACK);

async function service(name: string): Promise<Service> {
  const { services } = await listServices();
  const s = services.find((x) => x.stack === STACK && x.name === name);
  if (!s) throw new Error(`service ${STACK}/${name} not listed`);
  return s;
}

beforeAll(async () => {
  process.env.OPSDECK_DATA_DIR = tempDataDir();
  endpoint = await startMetricsEndpoint();
  endpoint.set(JOB, 'queue_size', 10);
  endpoint.set(JOB, 'errors_total', 3);
  stack = await startPromStack({
    jobs: [
      { job: JOB, port: endpoint.port },
      { job: DOWN_JOB, port: await freePort() },
    ],
    rulesYaml,
  });
  process.env.PROMETHEUS_URL = stack.prometheusUrl;
  process.env.ALERTMANAGER_URL = stack.alertmanagerUrl;
  process.env.PROMETHEUS_TIMEOUT_MS = '2000';
  resetEnvCache();
  stopPrometheusRefresher();

  await runLabelled('worker', {
    'opsdeck.prometheus.job': JOB,
    'opsdeck.queue': `sum(queue_size{job="${JOB}"})`,
    'opsdeck.queue.warn': '50',
    'opsdeck.queue.critical': '100',
    'opsdeck.metric.errors': `sum(errors_total{job="${JOB}"})`,
  });
  await runLabelled('broken', {
    // balanced, so it reaches Prometheus, which refuses it: rate() needs a range vector
    'opsdeck.queue': `rate(queue_size{job="${JOB}"})`,
    'opsdeck.queue.warn': '5',
  });
  await runLabelled('gone', { 'opsdeck.prometheus.job': DOWN_JOB });
  await inventory().ready();
  await waitFor(
    'the 3 test services in the inventory',
    async () => (ours().length === 3 ? true : undefined),
    20_000,
  );
  registerPrometheusSource();
  // long interval: the test drives refreshes itself so request counts are exact
  startPrometheusRefresher({ intervalMs: 3_600_000, services: ours, onServicesChanged: () => () => {} });
  // the first scrape of both jobs
  await waitFor(
    'the first scrape (queue 10)',
    async () => {
      await refresh();
      return (await service('worker')).queue?.value === 10 ? true : undefined;
    },
    30_000,
  );
});

async function refresh(): Promise<void> {
  await refreshPrometheus();
}

afterAll(async () => {
  stopPrometheusRefresher();
  await Promise.all(containers.map((c) => c.remove({ force: true }).catch(() => undefined)));
  await stack?.stop();
  await endpoint?.close();
});

describe('Prometheus beside Docker', () => {
  it('shows the queue value and its level against the thresholds', async () => {
    endpoint.set(JOB, 'queue_size', 75);
    const warn = await waitFor(
      'queue 75',
      async () => {
        await refresh();
        const s = await service('worker');
        return s.queue?.value === 75 ? s : undefined;
      },
      20_000,
    );
    expect(warn.queue).toMatchObject({ value: 75, warn: 50, critical: 100, level: 'warn' });
    expect(warn.queue?.fetchedAt).toEqual(expect.any(String));
    expect(warn.reasons.filter((r) => r.code.startsWith('queue_'))).toEqual([
      { code: 'queue_warn', severity: 'warning', message: 'Queue 75 ≥ warning 50' },
    ]);
    expect(warn.metrics.errors?.value).toBe(3);
    expect(warn.up).toBe(true);
  });

  it('marks a service whose job has a target down', async () => {
    const gone = await waitFor(
      'up == 0 for the gone job',
      async () => {
        await refresh();
        const s = await service('gone');
        return s.up === false ? s : undefined;
      },
      20_000,
    );
    expect(gone.reasons).toContainEqual(
      expect.objectContaining({ code: 'target_down', severity: 'critical' }),
    );
  });

  it('maps a firing alert to its service, with its annotations as given', async () => {
    endpoint.set(JOB, 'queue_size', 120);
    const answer = await waitFor(
      'QueueHigh firing at 120',
      async () => {
        await refresh();
        const a = await alertsAnswer();
        const firing = a.alerts.some((x) => x.name === 'QueueHigh' && x.state === 'firing');
        return firing && (await service('worker')).queue?.value === 120 ? a : undefined;
      },
      30_000,
    );
    const worker = await service('worker');
    const firing = answer.alerts.find((a) => a.name === 'QueueHigh');
    expect(firing).toMatchObject({
      state: 'firing',
      severity: 'critical',
      serviceId: worker.id,
      silencedBy: [],
    });
    expect(firing?.annotations.summary).toMatch(/^Queue is <b>high<\/b>: \d+$/);
    expect(answer.alerts.find((a) => a.name === 'QueueHighForLong')).toMatchObject({
      state: 'pending',
      serviceId: worker.id,
    });
    expect(answer.sources.prometheus.status).toBe('ok');
    expect(worker.alerts).toEqual({ firing: 1, pending: 1 });
    expect(worker.queue?.level).toBe('critical');
    expect(worker.status).toBe('degraded');
    const codes = worker.reasons.map((r) => `${r.code}:${r.severity}`);
    expect(codes).toContain('alert_firing:critical');
    expect(codes).toContain('queue_critical:critical');
  });

  it('creates a silence visible in Alertmanager, marks the alert silenced, and expires it', async () => {
    const id = await createSilence(
      {
        matchers: [{ name: 'alertname', value: 'QueueHigh', isRegex: false, isEqual: true }],
        duration: '2h',
        comment: 'deploying a fix',
      },
      'alice',
    );
    const own = (await (await fetch(`${stack.alertmanagerUrl}/api/v2/silence/${id}`)).json()) as {
      status: { state: string };
      createdBy: string;
      comment: string;
    };
    expect(own).toMatchObject({
      status: { state: 'active' },
      createdBy: 'alice',
      comment: 'deploying a fix',
    });
    expect((await listSilences()).silences.map((s) => s.id)).toContain(id);

    const silenced = await waitFor(
      'QueueHigh silenced',
      async () => {
        await refresh();
        const a = (await alertsAnswer()).alerts.find((x) => x.name === 'QueueHigh');
        return a?.silencedBy.includes(id) ? a : undefined;
      },
      20_000,
    );
    // same fingerprint as Alertmanager's own, so the two can be joined
    const amAlerts = await waitFor(
      'QueueHigh in Alertmanager',
      async () => {
        const r = (await (await fetch(`${stack.alertmanagerUrl}/api/v2/alerts`)).json()) as {
          fingerprint: string;
          labels: Record<string, string>;
        }[];
        return r.some((x) => x.labels.alertname === 'QueueHigh') ? r : undefined;
      },
      20_000,
    );
    expect(amAlerts.find((x) => x.labels.alertname === 'QueueHigh')?.fingerprint).toBe(silenced.fingerprint);
    const worker = await service('worker');
    expect(worker.reasons).toContainEqual(
      expect.objectContaining({ code: 'alert_firing', severity: 'info' }),
    );

    await expireSilence(id);
    const after = (await (await fetch(`${stack.alertmanagerUrl}/api/v2/silence/${id}`)).json()) as {
      status: { state: string };
    };
    expect(after.status.state).toBe('expired');
    expect((await listSilences()).silences.map((s) => s.id)).not.toContain(id);
  });

  it('refuses bad silences with a message, without calling Alertmanager for the obvious ones', async () => {
    const all = { name: 'alertname', value: '.*', isRegex: true, isEqual: true };
    await expect(
      createSilence({ matchers: [all], duration: '1h', comment: 'x' }, 'bob'),
    ).rejects.toMatchObject({ code: 'bad_request' });
    await expect(
      createSilence(
        { matchers: [{ ...all, value: 'x', isRegex: false }], duration: 'soon', comment: 'x' },
        'bob',
      ),
    ).rejects.toMatchObject({ code: 'bad_request' });
    await expect(expireSilence('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      code: expect.stringMatching(/not_found|bad_request/),
    });
  });

  it('puts a bad PromQL label on its own service as a reason, and keeps the others working', async () => {
    const broken = await service('broken');
    expect(broken.queue).toMatchObject({ value: null, level: 'unknown' });
    const reason = broken.reasons.find((r) => r.code === 'prometheus_bad_query');
    expect(reason?.message).toMatch(/opsdeck\.queue: .*range vector/);
    expect((await service('worker')).queue?.value).toBe(120);
  });

  it('costs the same few Prometheus requests per refresh, and does not re-check a known bad expression', async () => {
    await refresh(); // lets a refresh already in flight (after the silence change) finish
    const before = await requestCount();
    await refresh();
    const delta = (await requestCount()) - before;
    // queue batch + up + one metric kind + alerts (Prometheus) + silences (Alertmanager)
    expect(delta).toBe(5);
  });

  it('says unknown and stale, never 0, when Prometheus stops answering', async () => {
    const lastOk = (await alertsAnswer()).sources.prometheus.lastOkAt;
    await stack.stopPrometheus();
    await refresh();
    const worker = await service('worker');
    expect(worker.queue).toMatchObject({ value: null, level: 'unknown', fetchedAt: null });
    expect(worker.up).toBeNull();
    expect(worker.reasons).toContainEqual(expect.objectContaining({ code: 'prometheus_unavailable' }));
    const answer = await alertsAnswer();
    expect(answer.sources.prometheus).toMatchObject({ status: 'stale' });
    expect(answer.sources.prometheus.lastOkAt).toBe(lastOk);
    const { sources } = await listServices();
    expect(sources.prometheus?.status).toBe('stale');
  });
});
