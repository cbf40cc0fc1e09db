import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { serviceIdOf } from '@/lib/docker/ids';

process.env.OPSDECK_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-dispatch-'));
resetEnvCache();
const { createChannel } = await import('./channels');
const { rearmDegradedWaits, route, stopNotifier } = await import('./dispatcher');
const { recordIncident } = await import('@/lib/services/incidents');

// A real local HTTP sink; only setTimeout is faked, to step over the "degraded for N minutes" wait.
const got: string[] = [];
let sink: http.Server;
let url = '';
beforeAll(async () => {
  sink = http.createServer((req, res) => {
    let b = '';
    req.on('data', (d) => {
      b += d;
    });
    req.on('end', () => {
      got.push(b);
      res.end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(sink.address() as { port: number }).port}/`;
});
afterAll(async () => {
  stopNotifier();
  await new Promise<void>((r) => sink.close(() => r()));
});

const health = (serviceId: string, from: string, to: string) => {
  const e = recordIncident({ serviceId, kind: 'health', summary: `${to}`, attributes: { from, to } });
  if (!e) throw new Error('not recorded');
  return e;
};
const settle = () => new Promise((r) => setImmediate(r));
async function received(n: number) {
  const until = Date.now() + 3000;
  while (got.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return got;
}

describe('service.degraded "longer than N minutes"', () => {
  it('sends only when the service is still degraded after the wait', async () => {
    createChannel({
      type: 'webhook',
      name: 'slow-degrade',
      url,
      events: ['service.degraded'],
      labels: {},
      services: ['*'],
      repeatMinutes: 0,
      groupSeconds: 0,
      degradedMinutes: 5,
    });
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const flapping = serviceIdOf('local', 'shop', 'flappy');
      route(health(flapping, 'healthy', 'degraded'));
      health(flapping, 'degraded', 'healthy');
      const stuck = serviceIdOf('local', 'shop', 'stuck');
      route(health(stuck, 'healthy', 'degraded'));
      vi.advanceTimersByTime(4 * 60_000);
      await settle();
      expect(got).toEqual([]);
      vi.advanceTimersByTime(60_000);
    } finally {
      vi.useRealTimers();
    }
    const bodies = await received(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(bodies).toHaveLength(1);
    const sent = JSON.parse(bodies[0] ?? '{}') as { notifications: { service: string; summary: string }[] };
    expect(sent.notifications[0]).toMatchObject({ service: 'shop/stuck', summary: 'degraded (for 5 min)' });
  });

  it('after a restart, waits only for what is left of the N minutes, and sends once per degradation', async () => {
    got.length = 0;
    const svc = serviceIdOf('local', 'shop', 'restarted');
    const became = Date.now() - 3 * 60_000;
    const e = recordIncident({
      serviceId: svc,
      kind: 'health',
      summary: 'degraded',
      attributes: { from: 'healthy', to: 'degraded' },
      at: new Date(became).toISOString(),
    });
    if (!e) throw new Error('not recorded');
    // nothing routed it live: the process that saw it is gone. The new one re-arms from the store.
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      // every service whose newest health entry is "degraded" (shop/stuck of the test above too)
      expect(rearmDegradedWaits()).toBeGreaterThanOrEqual(1);
      vi.advanceTimersByTime(60_000);
      await settle();
      expect(got).toEqual([]);
      vi.advanceTimersByTime(60_000 + 1000);
    } finally {
      vi.useRealTimers();
    }
    const bodies = await received(1);
    await new Promise((r) => setTimeout(r, 200));
    const services = bodies.flatMap((b) =>
      (JSON.parse(b) as { notifications: { service: string }[] }).notifications.map((n) => n.service),
    );
    // shop/stuck was already told about this degradation: not again
    expect(services).toEqual(['shop/restarted']);
    // a second restart: already sent for this degradation, so nothing more
    got.length = 0;
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      rearmDegradedWaits();
      vi.advanceTimersByTime(10 * 60_000);
    } finally {
      vi.useRealTimers();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([]);
  });

  it('sends Prometheus alerts only to a channel that lists them, each rule on its own, silenced ones never', async () => {
    got.length = 0;
    createChannel({
      type: 'webhook',
      name: 'alerts-opt-in',
      url,
      events: ['alert.firing', 'alert.resolved'],
      labels: {},
      services: ['*'],
      repeatMinutes: 60,
      groupSeconds: 0,
      degradedMinutes: 0,
    });
    const svc = serviceIdOf('local', 'shop', 'queue');
    const alert = (alertname: string, state: string, silencedBy: string[] = []) => {
      const e = recordIncident({
        serviceId: svc,
        kind: 'alert',
        summary: `${alertname} ${state}`,
        attributes: { state, alertname, silencedBy },
      });
      if (!e) throw new Error('not recorded');
      return e;
    };
    route(alert('QueueBacklog', 'firing'));
    route(alert('DiskFull', 'firing'));
    route(alert('QueueBacklog', 'firing')); // a repeat within repeatMinutes: not sent again
    route(alert('Silenced', 'firing', ['silence-1']));
    route(health(svc, 'healthy', 'down')); // not an event this channel lists
    route(alert('QueueBacklog', 'resolved'));
    const bodies = await received(3);
    await new Promise((r) => setTimeout(r, 200));
    const summaries = got.map(
      (b) => (JSON.parse(b) as { notifications: { summary: string }[] }).notifications[0]?.summary,
    );
    expect(summaries.sort()).toEqual(['DiskFull firing', 'QueueBacklog firing', 'QueueBacklog resolved']);
    expect(bodies.length).toBe(3);
  });
});
