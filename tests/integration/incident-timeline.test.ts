import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import { answer, call, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';

const P = 'opsdeck-test-story';

process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const timelineRoute = await import('@/app/api/v1/services/[id]/timeline/route');
const changesRoute = await import('@/app/api/v1/timeline/route');
const { listServices } = await import('@/lib/services');
const { startHealthRecorder, stopHealthRecorder } = await import('@/lib/services/health-recorder');
const { backfillTimeline } = await import('@/lib/services/backfill');
const { servicesDb } = await import('@/lib/services/schema');
const { stopInventory } = await import('@/lib/docker/inventory');

// `loop` exits with code 3 at once and is restarted by the engine: a crash loop.
const composeFile = `
version: "2.4"
services:
  loop:
    image: ${BUSYBOX}
    command: ["sh", "-c", "sleep 1; exit 3"]
    network_mode: none
    restart: always
  steady:
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
    network_mode: none
    labels:
      opsdeck.test: "<script>alert(1)</script>"
`;

async function serviceId(name: string): Promise<string> {
  return waitFor(`${name} listed`, async () => {
    const { services } = await listServices();
    return services.find((s) => s.stack === P && s.name === name)?.id;
  });
}

async function timeline(id: string, token: string, query: Record<string, string> = {}) {
  const res = await call(timelineRoute.GET, `/api/v1/services/${id}/timeline`, {
    token,
    params: { id },
    query,
  });
  expect(res.status).toBe(200);
  return answer(ops.servicesTimeline, res);
}

describe('the incident story against the real engine', () => {
  let reader: string;
  let steady: string;
  let loop: string;
  beforeAll(async () => {
    await removeByPrefix(P);
    await compose(P, composeFile, 'up', '-d');
    reader = mintToken(['read']);
    steady = await serviceId('steady');
    loop = await serviceId('loop');
    startHealthRecorder();
  });

  afterAll(async () => {
    stopHealthRecorder();
    stopInventory();
    await removeByPrefix(P);
  });

  it('collapses a crash loop into one entry with its exit code, the members expandable', async () => {
    const entry = await waitFor(
      'a collapsed crash loop',
      async () => {
        const { events } = await timeline(loop, reader);
        return events.find((e) => e.kind === 'container' && (e.attributes.restarts as number) >= 3);
      },
      50_000,
    );
    expect(entry.summary).toMatch(/^opsdeck-test-story_loop_1 restarted \d+× in \d+ (s|min), exit code 3$/);
    expect(entry.members?.some((m) => m.summary === 'opsdeck-test-story_loop_1 exited with code 3')).toBe(
      true,
    );
    expect(entry.count).toBe(entry.members?.length);
  }, 90_000);

  it('records health transitions with their reasons: down when killed, then recovered', async () => {
    await docker('kill', `${P}_steady_1`);
    const down = await waitFor('steady down on its timeline', async () => {
      const { events } = await timeline(steady, reader, { kinds: 'health' });
      return events.find((e) => e.attributes.to === 'down');
    });
    expect(down.summary).toContain(`${P}/steady is down (was healthy)`);
    expect(down.summary).toContain('exited with code 137');
    expect(down.severity).toBe('critical');
    await docker('start', `${P}_steady_1`);
    const back = await waitFor('steady recovered', async () => {
      const { events } = await timeline(steady, reader, { kinds: 'health' });
      return events[0]?.attributes.to === 'healthy' ? events[0] : undefined;
    });
    expect(back.summary).toBe(`${P}/steady recovered (was down)`);
    const { events } = await timeline(steady, reader);
    // newest first: the recovery, the start, the down, the kill that caused it
    const order = events.map((e) => e.at);
    expect([...order].sort().reverse()).toEqual(order);
  });

  it('backfills from the engine what it still holds: events lost from the store come back once', async () => {
    const count = () =>
      (
        servicesDb()
          .prepare("SELECT COUNT(*) AS n FROM service_events WHERE service_id = ? AND kind = 'container'")
          .get(steady) as { n: number }
      ).n;
    const before = count();
    expect(before).toBeGreaterThanOrEqual(3);
    // as if Opsdeck had not been running: the newest engine events of `steady` were never recorded
    servicesDb()
      .prepare(
        "DELETE FROM service_events WHERE seq IN (SELECT seq FROM service_events WHERE service_id = ? AND kind = 'container' ORDER BY seq DESC LIMIT 3)",
      )
      .run(steady);
    expect(count()).toBe(before - 3);
    const results = await backfillTimeline();
    expect(results.every((r) => !r.error)).toBe(true);
    expect(count()).toBe(before);
    await backfillTimeline();
    expect(count()).toBe(before);
  });

  it('answers what changed in the stack, and a token limited to one service sees only it', async () => {
    const res = await call(changesRoute.GET, '/api/v1/timeline', {
      token: reader,
      query: { stack: P, since: '10m' },
    });
    const all = await answer(ops.timelineChanges, res);
    expect(new Set(all.events.map((e) => e.serviceId))).toEqual(new Set([steady, loop]));
    expect(all.services[steady]).toMatchObject({ stack: P, name: 'steady' });

    const limited = mintToken(['read'], [`${P}/steady`], 'story-limited');
    const mine = await answer(
      ops.timelineChanges,
      await call(changesRoute.GET, '/api/v1/timeline', { token: limited, query: { since: '10m' } }),
    );
    expect(mine.events.length).toBeGreaterThan(0);
    expect(mine.events.every((e) => e.serviceId === steady)).toBe(true);
    const other = await call(timelineRoute.GET, `/api/v1/services/${loop}/timeline`, {
      token: limited,
      params: { id: loop },
    });
    expect(other.status).toBe(404);
  });

  it('refuses an unknown kind and a forged cursor with 400', async () => {
    for (const query of [{ kinds: 'alert,nonsense' }, { cursor: 'Zm9yZ2Vk' }] as Record<string, string>[]) {
      const res = await call(timelineRoute.GET, `/api/v1/services/${steady}/timeline`, {
        token: reader,
        params: { id: steady },
        query,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
  });
});
