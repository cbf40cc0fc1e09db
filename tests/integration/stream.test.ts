import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { liveEventSchema } from '@/lib/live/schemas';
import type { Service } from '@/lib/services/types';
import { call, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { readSse, type SseEvent } from '../support/sse';

const P = 'opsdeck-test-stream';
process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const streamRoute = await import('@/app/api/v1/stream/route');
const { stopInventory } = await import('@/lib/docker/inventory');
const { stopLiveHub } = await import('@/lib/live/hub');

const yaml = `
version: "2.4"
services:
  app:
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
    network_mode: none
`;

describe('GET /api/v1/stream', () => {
  let token: string;
  beforeAll(async () => {
    await removeByPrefix(P);
    await compose(P, yaml, 'up', '-d');
    // a reader gets whole services (the wall's reduced projection: trust-data.test.ts)
    token = mintToken(['read']);
  });
  afterAll(async () => {
    stopLiveHub();
    stopInventory();
    await removeByPrefix(P);
  });

  it('sends a snapshot with ids, then a service delta when a container dies; resumes from Last-Event-ID', async () => {
    const abort = new AbortController();
    const res = await call(streamRoute.GET, '/api/v1/stream', { token, signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    const events: SseEvent[] = [];
    const reading = readSse(res, (e) => events.push(e));

    const snapshot = await waitFor('snapshot', () => events.find((e) => e.event === 'snapshot'));
    expect(snapshot.id).toMatch(/^\d+$/);
    const snapshotEvent = { seq: Number(snapshot.id), name: 'snapshot', data: JSON.parse(snapshot.data) };
    // the LiveEvent schema accepts the real snapshot and keeps all of it
    expect(liveEventSchema.parse(snapshotEvent)).toEqual(snapshotEvent);
    const snap = snapshotEvent.data as { services: Service[] };
    const app = snap.services.find((s) => s.stack === P && s.name === 'app');
    expect(app?.status).toBe('healthy');
    if (!app) throw new Error('app missing from snapshot');

    const cid = app.containers[0]?.id ?? '';
    await docker('kill', cid);
    const delta = await waitFor(
      'down delta',
      () =>
        events.find((e) => {
          if (e.event !== 'service') return false;
          const s = JSON.parse(e.data) as Service;
          return s.id === app.id && s.status === 'down';
        }),
      5000,
      20,
    );
    expect(Number(delta.id)).toBeGreaterThan(Number(snapshot.id));
    const deltaEvent = { seq: Number(delta.id), name: 'service', data: JSON.parse(delta.data) };
    expect(liveEventSchema.parse(deltaEvent)).toEqual(deltaEvent);
    abort.abort();
    await reading.catch(() => undefined);

    // A client that reconnects with the snapshot's id receives what it missed, not a new snapshot.
    const abort2 = new AbortController();
    const res2 = await call(streamRoute.GET, '/api/v1/stream', {
      token,
      signal: abort2.signal,
      headers: { 'last-event-id': snapshot.id ?? '' },
    });
    const replay: SseEvent[] = [];
    const reading2 = readSse(res2, (e) => replay.push(e));
    const again = await waitFor('replayed delta', () => replay.find((e) => e.id === delta.id));
    expect(again.event).toBe('service');
    expect(replay.some((e) => e.event === 'snapshot')).toBe(false);
    abort2.abort();
    await reading2.catch(() => undefined);
  });

  it('refuses without a token', async () => {
    const res = await call(streamRoute.GET, '/api/v1/stream');
    expect(res.status).toBe(401);
  });
});
