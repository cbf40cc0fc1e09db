/**
 * The Prometheus routes through their real handlers, tokens and store, against a real Prometheus,
 * Alertmanager and engine: status codes, the error envelope, service limits on silences, the
 * per-service series (Docker stats fallback for CPU/memory) and the one-request sparklines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import { inventory } from '@/lib/docker/inventory';
import { requestCount } from '@/lib/prometheus/metrics';
import {
  refreshPrometheus,
  startPrometheusRefresher,
  stopPrometheusRefresher,
} from '@/lib/prometheus/refresher';
import { registerPrometheusSource } from '@/lib/prometheus/service-source';
import { answer, call, json, mintToken } from '../support/api';
import { BUSYBOX, tempDataDir, testDocker, waitFor } from '../support/engine';
import {
  type MetricsEndpoint,
  type PromStack,
  startMetricsEndpoint,
  startPromStack,
} from '../support/prometheus';

process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const alertsRoute = await import('@/app/api/v1/alerts/route');
const silencesRoute = await import('@/app/api/v1/silences/route');
const silenceRoute = await import('@/app/api/v1/silences/[id]/route');
const metricsRoute = await import('@/app/api/v1/services/[id]/metrics/route');
const sparklinesRoute = await import('@/app/api/v1/queues/sparklines/route');

const STACK = `promapi${process.pid}`;
const JOB = `${STACK}-worker`;
let stack: PromStack;
let endpoint: MetricsEndpoint;
let workerId = '';
const ids: string[] = [];

const ours = () =>
  inventory()
    .services()
    .filter((s) => s.stack === STACK);
const errorOf = async (res: Response) =>
  (await json<{ error: { code: string; message: string } }>(res)).error;

beforeAll(async () => {
  endpoint = await startMetricsEndpoint();
  endpoint.set(JOB, 'queue_size', 7);
  stack = await startPromStack({
    jobs: [{ job: JOB, port: endpoint.port }],
    rulesYaml: `groups:\n  - name: t\n    rules:\n      - alert: Busy\n        expr: queue_size{job="${JOB}"} > 5\n        labels: { severity: warning }\n        annotations: { description: "<script>alert(1)</script>" }\n`,
  });
  process.env.PROMETHEUS_URL = stack.prometheusUrl;
  process.env.ALERTMANAGER_URL = stack.alertmanagerUrl;
  resetEnvCache();
  stopPrometheusRefresher();
  const c = await testDocker().createContainer({
    Image: BUSYBOX,
    Cmd: ['sleep', '3600'],
    name: `${STACK}-worker-1`,
    Labels: {
      'com.docker.compose.project': STACK,
      'com.docker.compose.service': 'worker',
      'com.docker.compose.container-number': '1',
      'opsdeck.prometheus.job': JOB,
      'opsdeck.queue': `sum(queue_size{job="${JOB}"})`,
      'opsdeck.metric.scrape_ms': `1000 * sum(scrape_duration_seconds{job="${JOB}"})`,
    },
    HostConfig: { NetworkMode: 'none' },
  });
  ids.push(c.id);
  await c.start();
  await inventory().ready();
  workerId = (await waitFor('the worker in the inventory', () => ours()[0], 20_000)).id;
  registerPrometheusSource();
  startPrometheusRefresher({ intervalMs: 3_600_000, services: ours, onServicesChanged: () => () => {} });
  await waitFor(
    'the Busy alert firing',
    async () => {
      const snap = await refreshPrometheus();
      return snap.alerts.some((a) => a.name === 'Busy' && a.state === 'firing') ? true : undefined;
    },
    30_000,
  );
});

afterAll(async () => {
  stopPrometheusRefresher();
  await Promise.all(
    ids.map((id) =>
      testDocker()
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  await stack?.stop();
  await endpoint?.close();
});

describe('GET /api/v1/alerts', () => {
  it('needs a principal, and the display scope is enough', async () => {
    expect((await call(alertsRoute.GET, '/api/v1/alerts')).status).toBe(401);
    const res = await call(alertsRoute.GET, '/api/v1/alerts', { token: mintToken(['display']) });
    expect(res.status).toBe(200);
    const body = await answer(ops.alertsList, res);
    const busy = body.alerts.find((a) => a.name === 'Busy');
    expect(busy?.serviceId).toBe(workerId);
    // the wall draws name, severity, service and age: labels and annotations are not sent to it
    expect(busy?.labels).toEqual({});
    expect(busy?.annotations).toEqual({});
    expect(body.sources.prometheus.status).toBe('ok');
    expect(body.sources.alertmanager.status).toBe('ok');
    const asReader = await answer(
      ops.alertsList,
      await call(alertsRoute.GET, '/api/v1/alerts', { token: mintToken(['read']) }),
    );
    // kept verbatim as data for readers; the UI renders it as text
    expect(asReader.alerts.find((a) => a.name === 'Busy')?.annotations.description).toBe(
      '<script>alert(1)</script>',
    );
  });

  it('a service-limited token sees only its services’ alerts', async () => {
    const res = await call(alertsRoute.GET, '/api/v1/alerts', {
      token: mintToken(['read'], ['some-other-stack']),
    });
    const body = await answer(ops.alertsList, res);
    expect(body.alerts).toEqual([]);
    expect(body.services).toEqual({});
  });
});

describe('silences', () => {
  const matchers = [{ name: 'alertname', value: 'Busy' }];

  it('a reader may list but not create', async () => {
    const read = mintToken(['read']);
    expect((await call(silencesRoute.GET, '/api/v1/silences', { token: read })).status).toBe(200);
    const res = await call(silencesRoute.POST, '/api/v1/silences', {
      token: read,
      body: { matchers, duration: '1h', comment: 'x' },
    });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('forbidden');
  });

  it('rejects bad input with the error envelope', async () => {
    const op = mintToken(['read', 'operate']);
    const cases: unknown[] = [
      { matchers, comment: 'no end' },
      { matchers, duration: '1h', endsAt: '2099-01-01T00:00:00Z', comment: 'both' },
      { matchers: [], duration: '1h', comment: 'none' },
      { matchers: [{ name: 'bad name', value: 'x' }], duration: '1h', comment: 'x' },
      { matchers, duration: 'forever', comment: 'x' },
      { matchers, endsAt: '2000-01-01T00:00:00Z', comment: 'past' },
      { matchers: [{ name: 'job', value: '(', isRegex: true }], duration: '1h', comment: 'x' },
      { matchers, duration: '1h', comment: '' },
    ];
    for (const body of cases) {
      const res = await call(silencesRoute.POST, '/api/v1/silences', { token: op, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(res)).message).toEqual(expect.any(String));
    }
  });

  it('creates a silence (author = the principal), lists it, and expires it', async () => {
    const op = createOperatorToken('ops-alice');
    const res = await call(silencesRoute.POST, '/api/v1/silences', {
      token: op,
      body: { matchers, duration: '2h', comment: 'looking' },
    });
    expect(res.status).toBe(201);
    const { id } = await json<{ id: string }>(res);
    const inAm = await json<{ createdBy: string; status: { state: string } }>(
      await fetch(`${stack.alertmanagerUrl}/api/v2/silence/${id}`),
    );
    // a token acts as `token:<id>` (its free-form name is not an identity)
    expect(inAm).toMatchObject({
      createdBy: expect.stringMatching(/^token:[0-9a-f-]{36}$/),
      status: { state: 'active' },
    });
    const list = await answer(
      ops.silencesList,
      await call(silencesRoute.GET, '/api/v1/silences', { token: op }),
    );
    expect(list.silences.map((s) => s.id)).toContain(id);

    const del = await call(silenceRoute.DELETE, `/api/v1/silences/${id}`, {
      method: 'DELETE',
      token: op,
      params: { id },
    });
    expect(del.status).toBe(204);
    const after = await json<{ status: { state: string } }>(
      await fetch(`${stack.alertmanagerUrl}/api/v2/silence/${id}`),
    );
    expect(after.status.state).toBe('expired');
    const unknown = '00000000-0000-0000-0000-000000000000';
    const missing = await call(silenceRoute.DELETE, `/api/v1/silences/${unknown}`, {
      method: 'DELETE',
      token: op,
      params: { id: unknown },
    });
    expect(missing.status).toBe(404);
  });

  it('a service-limited token silences only its own service', async () => {
    const limited = mintToken(['read', 'operate'], [`${STACK}/worker`]);
    const noService = await call(silencesRoute.POST, '/api/v1/silences', {
      token: limited,
      body: { matchers, duration: '1h', comment: 'x' },
    });
    expect(noService.status).toBe(403);
    const loose = await call(silencesRoute.POST, '/api/v1/silences', {
      token: limited,
      body: { matchers, duration: '1h', comment: 'x', serviceId: workerId },
    });
    expect(loose.status).toBe(403);
    const pinned = await call(silencesRoute.POST, '/api/v1/silences', {
      token: limited,
      body: {
        matchers: [...matchers, { name: 'job', value: JOB }],
        duration: '1h',
        comment: 'x',
        serviceId: workerId,
      },
    });
    expect(pinned.status).toBe(201);
  });

  it('says Alertmanager is not configured rather than failing', async () => {
    process.env.ALERTMANAGER_URL = '';
    resetEnvCache();
    try {
      const op = mintToken(['read', 'operate']);
      const res = await call(silencesRoute.POST, '/api/v1/silences', {
        token: op,
        body: { matchers, duration: '1h', comment: 'x' },
      });
      expect(res.status).toBe(503);
      expect((await errorOf(res)).message).toMatch(/not configured/);
      const list = await json<{ source: { status: string } }>(
        await call(silencesRoute.GET, '/api/v1/silences', { token: op }),
      );
      expect(list.source.status).toBe('not_configured');
    } finally {
      process.env.ALERTMANAGER_URL = stack.alertmanagerUrl;
      resetEnvCache();
    }
  });
});

describe('series', () => {
  it('returns queue, tiles and CPU/memory of a service, CPU/memory from the shared Docker stats collector', async () => {
    const token = mintToken(['read']);
    const get = () =>
      call(metricsRoute.GET, `/api/v1/services/${workerId}/metrics`, {
        token,
        params: { id: workerId },
        query: { range: '1h' },
      });
    const body = await waitFor(
      'a Docker stats sample',
      async () => {
        const b = await answer(ops.servicesMetrics, await get());
        return b.memory.points.length > 0 ? b : undefined;
      },
      20_000,
      500,
    );
    expect(body.queue?.points.at(-1)?.[1]).toBe(7);
    expect(body.metrics.scrape_ms?.points.length).toBeGreaterThan(0);
    expect(body.memory.from).toBe('docker');
    expect(body.cpu.from).toBe('docker');
    expect(body.memory.points[0]?.[1]).toBeGreaterThan(0);

    const bad = await call(metricsRoute.GET, `/api/v1/services/${workerId}/metrics`, {
      token,
      params: { id: workerId },
      query: { range: '1y' },
    });
    expect(bad.status).toBe(400);
    const unknown = await call(metricsRoute.GET, '/api/v1/services/nope/metrics', {
      token,
      params: { id: 'nope' },
    });
    expect(unknown.status).toBe(404);
  });

  it('serves every queue sparkline from one Prometheus request, shared between callers', async () => {
    const token = mintToken(['display']);
    const before = await requestCount('query_range');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(sparklinesRoute.GET, '/api/v1/queues/sparklines', { token, query: { range: '1h' } }),
      ),
    );
    expect((await requestCount('query_range')) - before).toBe(1);
    const body = await answer(ops.queuesSparklines, answers[0] as Response);
    expect(body.source.status).toBe('ok');
    expect(body.series[workerId]?.at(-1)?.[1]).toBe(7);
  });
});

function createOperatorToken(name: string): string {
  return mintToken(['read', 'operate'], null, name);
}
