import { describe, expect, it } from 'vitest';
import type { DockerService } from '@/lib/docker/types';
import type { AlertView } from './alerts';
import type { PrometheusSnapshot } from './refresher';
import { prometheusContribution } from './service-source';

const svc: DockerService = {
  id: 'w',
  host: 'local',
  stack: 'shop',
  name: 'worker',
  kind: 'compose',
  desired: 1,
  containers: [],
  labels: {
    'opsdeck.prometheus.job': 'shop-worker',
    'opsdeck.queue': 'sum(q)',
    'opsdeck.queue.warn': '10',
    'opsdeck.queue.critical': '20',
    'opsdeck.metric.errors': 'sum(e)',
  },
  image: 'x',
  updatedAt: '2026-01-01T00:00:00Z',
};

const firing = (over: Partial<AlertView> = {}): AlertView => ({
  fingerprint: 'f',
  name: 'QueueHigh',
  state: 'firing',
  severity: 'critical',
  labels: {},
  annotations: { summary: 'queue high' },
  startsAt: null,
  serviceId: 'w',
  silencedBy: [],
  ...over,
});

function snapshot(over: Partial<PrometheusSnapshot>): PrometheusSnapshot {
  const alerts = over.alerts ?? [];
  return {
    attemptedAt: '2026-01-01T00:00:05Z',
    prometheus: { status: 'ok', lastOkAt: '2026-01-01T00:00:05Z' },
    alertmanager: { status: 'ok', lastOkAt: '2026-01-01T00:00:05Z' },
    values: new Map([['w', { queue: { value: 15 }, up: false, metrics: { errors: { value: 0.5 } } }]]),
    queries: new Map(),
    alerts,
    alertsByService: new Map([['w', alerts]]),
    silences: [],
    warnings: [],
    configError: null,
    ...over,
  };
}

describe('prometheusContribution', () => {
  it('turns values into fields and reasons', () => {
    const c = prometheusContribution(
      svc,
      snapshot({ alerts: [firing(), firing({ state: 'pending', fingerprint: 'g' })] }),
    );
    expect(c.fields?.queue).toEqual({
      value: 15,
      warn: 10,
      critical: 20,
      level: 'warn',
      fetchedAt: '2026-01-01T00:00:05Z',
    });
    expect(c.fields?.metrics).toEqual({ errors: { value: 0.5, fetchedAt: '2026-01-01T00:00:05Z' } });
    expect(c.fields?.alerts).toEqual({ firing: 1, pending: 1 });
    expect(c.fields?.up).toBe(false);
    expect(c.reasons?.map((r) => `${r.code}:${r.severity}`)).toEqual([
      'alert_firing:critical',
      'queue_warn:warning',
      'target_down:critical',
    ]);
  });

  it('a silenced alert is only informative', () => {
    const c = prometheusContribution(svc, snapshot({ alerts: [firing({ silencedBy: ['s1'] })] }));
    expect(c.reasons?.find((r) => r.code === 'alert_firing')?.severity).toBe('info');
  });

  it('is unknown, never 0, when Prometheus is unreachable', () => {
    const c = prometheusContribution(
      svc,
      snapshot({ prometheus: { status: 'stale', lastOkAt: '2026-01-01T00:00:00Z', error: 'refused' } }),
    );
    expect(c.fields?.queue).toMatchObject({ value: null, level: 'unknown', fetchedAt: null });
    expect(c.fields?.metrics?.errors?.value).toBeNull();
    expect(c.fields?.up).toBeNull();
    expect(c.reasons).toContainEqual(
      expect.objectContaining({ code: 'prometheus_unavailable', severity: 'info' }),
    );
    expect(c.reasons?.some((r) => r.code === 'queue_warn' || r.code === 'target_down')).toBe(false);
  });

  it('reports a bad query on the service', () => {
    const c = prometheusContribution(
      svc,
      snapshot({
        values: new Map([['w', { queue: { value: null, error: 'parse error' }, up: true, metrics: {} }]]),
      }),
    );
    expect(c.fields?.queue?.level).toBe('unknown');
    expect(c.reasons).toContainEqual(
      expect.objectContaining({ code: 'prometheus_bad_query', message: 'opsdeck.queue: parse error' }),
    );
  });

  it('adds nothing but alert counts to a service without opsdeck labels', () => {
    const c = prometheusContribution({ ...svc, labels: {} }, snapshot({}));
    expect(c.fields).toEqual({ queue: null, metrics: {}, alerts: { firing: 0, pending: 0 }, up: null });
    expect(c.reasons).toEqual([]);
  });
});
