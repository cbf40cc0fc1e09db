import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { serviceIdOf } from '@/lib/docker/ids';

process.env.OPSDECK_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-timeline-'));
resetEnvCache();

const { recordIncident, onIncident } = await import('./incidents');
const { queryTimeline } = await import('./timeline-query');
const { whatChanged } = await import('./changes');

const shopWorker = serviceIdOf('local', 'shop', 'worker');
const shopApi = serviceIdOf('local', 'shop', 'api');
const billing = serviceIdOf('local', 'billing', 'db');
const base = Date.now() - 30 * 60_000;
const at = (s: number) => new Date(base + s * 1000).toISOString();

describe('the incident timeline store', () => {
  it('records a dedupe key once and tells listeners only about the new entry', async () => {
    const seen: string[] = [];
    const off = onIncident((e) => seen.push(e.summary));
    const first = recordIncident({
      serviceId: billing,
      kind: 'alert',
      summary: 'DiskFull firing',
      dedupeKey: 'k1',
      at: at(0),
    });
    const again = recordIncident({
      serviceId: billing,
      kind: 'alert',
      summary: 'DiskFull firing',
      dedupeKey: 'k1',
      at: at(0),
    });
    await new Promise((r) => setImmediate(r));
    off();
    expect(first?.seq).toBeGreaterThan(0);
    expect(again).toBeNull();
    expect(seen).toEqual(['DiskFull firing']);
  });

  it('pages newest first by time (a backfilled older event sorts by when it happened), filters by kind', () => {
    for (let i = 1; i <= 5; i++)
      recordIncident({ serviceId: shopWorker, kind: 'deploy', summary: `deploy ${i}`, at: at(100 + i * 10) });
    recordIncident({ serviceId: shopWorker, kind: 'health', summary: 'late but older', at: at(105) });
    const p1 = queryTimeline({ serviceId: shopWorker, limit: 4 });
    expect(p1.events.map((e) => e.summary)).toEqual(['deploy 5', 'deploy 4', 'deploy 3', 'deploy 2']);
    expect(p1.next).toBeTruthy();
    const p2 = queryTimeline({ serviceId: shopWorker, limit: 4, cursor: p1.next });
    expect(p2.events.map((e) => e.summary)).toEqual(['deploy 1', 'late but older']);
    expect(p2.next).toBeUndefined();
    const health = queryTimeline({ serviceId: shopWorker, limit: 10, kinds: ['health'] });
    expect(health.events.map((e) => e.summary)).toEqual(['late but older']);
  });

  it('counts a collapsed crash loop as one entry of the page, members included', () => {
    for (let i = 0; i < 30; i++) {
      recordIncident({
        serviceId: shopApi,
        kind: 'container',
        summary: 'api exited with code 3',
        attributes: { action: 'die', exitCode: 3 },
        at: at(300 + i * 4),
        containerName: 'api',
      });
      recordIncident({
        serviceId: shopApi,
        kind: 'container',
        summary: 'api: start',
        attributes: { action: 'start' },
        at: at(302 + i * 4),
        containerName: 'api',
      });
    }
    recordIncident({ serviceId: shopApi, kind: 'deploy', summary: 'deploy by bob succeeded', at: at(200) });
    const page = queryTimeline({ serviceId: shopApi, limit: 2 });
    expect(page.events.map((e) => e.summary)).toEqual([
      'api restarted 30× in 2 min, exit code 3',
      'deploy by bob succeeded',
    ]);
    expect(page.events[0]?.members).toHaveLength(60);
  });

  it('answers "what changed" for one stack or every service the caller may see', () => {
    const stack = whatChanged({ stack: 'shop', limit: 50, visible: () => true });
    expect(new Set(stack.events.map((e) => e.serviceId))).toEqual(new Set([shopWorker, shopApi]));
    expect(stack.services[shopApi]).toEqual({ host: 'local', stack: 'shop', name: 'api' });
    const limited = whatChanged({ limit: 50, visible: (id) => id === billing });
    expect(limited.events.map((e) => e.summary)).toEqual(['DiskFull firing']);
    const old = whatChanged({ since: '1m', limit: 50, visible: () => true });
    expect(old.events).toEqual([]);
  });
});
