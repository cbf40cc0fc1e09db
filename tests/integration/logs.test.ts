import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import type { LogEntry } from '@/lib/logs/types';
import { call, json, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';

const P = 'opsdeck-test-logs';

process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const serviceLogs = await import('@/app/api/v1/services/[id]/logs/route');
const containerLogs = await import('@/app/api/v1/containers/[containerId]/logs/route');
const { listDockerServices } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');
const { openEngineLogStreams } = await import('@/lib/logs/reader');
const { metrics } = await import('@/lib/metrics/registry');

const script = fs.readFileSync(path.join(__dirname, '../fixtures/logspam/logspam.sh'), 'utf8');
/** the fixture as a compose `command`; `$` doubled so compose does not interpolate the script */
const spam = (mode: string, n: number) =>
  JSON.stringify(['sh', '-c', script.split('$').join('$$'), 'logspam', mode, String(n)]);

const composeFile = `
version: "2.4"
services:
  spam:
    image: ${BUSYBOX}
    command: ${spam('fixture', 50)}
    network_mode: none
  multi:
    image: ${BUSYBOX}
    command: ${spam('ticker', 0.05)}
    network_mode: none
    scale: 2
  tty:
    image: ${BUSYBOX}
    command: ${spam('count', 20)}
    network_mode: none
    tty: true
  ticker:
    image: ${BUSYBOX}
    command: ${spam('ticker', 0.2)}
    network_mode: none
`;

/** started only by the test that needs it: a flood of lines takes a core while it runs */
const floodFile = `
version: "2.4"
services:
  flood:
    image: ${BUSYBOX}
    command: ${spam('flood', 0)}
    network_mode: none
`;

interface Ids {
  [name: string]: { id: string; containers: string[] };
}
let ids: Ids = {};
let token: string;

async function serviceIds(): Promise<Ids> {
  const out: Ids = {};
  for (const s of await listDockerServices()) {
    if (s.stack === P) out[s.name] = { id: s.id, containers: s.containers.map((c) => c.id) };
  }
  return out;
}

function idOf(name: string): string {
  const found = ids[name];
  if (!found) throw new Error(`service ${name} not found in the inventory`);
  return found.id;
}

async function ndjson(name: string, query: Record<string, string> = {}): Promise<LogEntry[]> {
  const res = await call(serviceLogs.GET, '/api/v1/services/x/logs', {
    token,
    params: { id: idOf(name) },
    query,
  });
  expect(
    res.status,
    await res
      .clone()
      .text()
      .then((t) => t.slice(0, 300)),
  ).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  const text = await res.text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogEntry);
}

/** Reads a streaming body until `enough` says so, then cancels it (as a client going away). */
async function readUntil(
  res: Response,
  enough: (text: string) => boolean,
  timeoutMs = 20_000,
): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!enough(text)) {
      if (Date.now() > deadline) throw new Error(`timed out; got: ${text.slice(-500)}`);
      const r = await Promise.race([
        reader.read(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
      ]);
      if (r === null) continue;
      if (r.done) break;
      text += decoder.decode(r.value, { stream: true });
    }
  } finally {
    await reader.cancel();
  }
  return text;
}

describe('logs against the real engine', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    await compose(P, composeFile, 'up', '-d');
    token = mintToken(['read']);
    ids = await waitFor('the compose services in the inventory', async () => {
      const found = await serviceIds();
      return Object.keys(found).length === 4 && found.multi?.containers.length === 2 ? found : undefined;
    });
    // the fixture has printed everything once its last line is there
    // (generous, and saying what it saw: on a loaded CI machine this once took over 20 s)
    await waitFor(
      'fixture output',
      async () => {
        const out = await docker('logs', '--tail', '3', `${P}_spam_1`);
        if (out.includes('fixture done')) return true;
        throw new Error(`last lines: ${JSON.stringify(out.slice(-300))}`);
      },
      60_000,
      250,
    );
  });

  afterAll(async () => {
    stopInventory();
    await removeByPrefix(P);
  });

  it('returns every line in order with levels, the 100 KB line whole and invalid UTF-8 replaced', async () => {
    const entries = await ndjson('spam', { tail: 'all' });
    const stdout = entries.filter((e) => e.stream === 'stdout');
    expect(stdout.slice(0, 50).map((e) => e.message)).toEqual(
      Array.from({ length: 50 }, (_, i) => `line ${i + 1}`),
    );
    expect(entries).toHaveLength(50 + 14);
    const byMessage = (m: string) => entries.find((e) => e.message === m);
    expect(byMessage('json error')).toMatchObject({
      level: 'error',
      fields: { code: 500 },
      container: 'spam-1',
    });
    expect(byMessage('json warn')?.level).toBe('warn');
    expect(byMessage('json info')).toMatchObject({ level: 'info', fields: { user: '<b>bob</b>' } });
    expect(byMessage('json debug')?.level).toBe('debug');
    expect(byMessage('logfmt error')).toMatchObject({ level: 'error', fields: { path: '/x' } });
    expect(byMessage('ERROR plain error on stderr')).toMatchObject({ level: 'error', stream: 'stderr' });
    expect(entries.find((e) => e.message.startsWith('xxxx'))?.message).toBe('x'.repeat(102400));
    expect(byMessage('bad utf8 \uFFFD\uFFFD end')).toBeDefined();
    expect(byMessage('\u001b[31mred ERROR\u001b[0m and \u001b[1;32mbold green\u001b[0m')?.level).toBe(
      'error',
    );
    expect(byMessage('<script>alert(1)</script>')).toBeDefined();
    const times = entries.map((e) => e.ts);
    expect([...times].sort()).toEqual(times);
  });

  it('honours tail, level, q, stream and container', async () => {
    // One stream: the engine timestamps stdout and stderr as it reads each pipe, so the fixture's two
    // stderr lines can come last of all on a loaded machine (seen in CI): the tail of stdout is exact.
    const last = await ndjson('spam', { tail: '3', stream: 'stdout' });
    expect(last.map((e) => e.message)).toEqual([
      '<img src=x onerror=alert(2)>',
      '\u001b[31m<img src=x onerror=alert(3)>\u001b[0m',
      'fixture done',
    ]);
    // Tail counts the lines of the stream asked for: the engine cuts its tail from both streams before
    // dropping one, so asking it for the last 2 of stderr gave nothing while stdout came last.
    expect((await ndjson('spam', { tail: '2', stream: 'stderr' })).map((e) => e.message)).toEqual([
      'ERROR plain error on stderr',
      'WARN plain warning on stderr',
    ]);
    // Exact lines, not "every entry is an error" (which an empty answer satisfies). stdout and stderr
    // interleave by timestamp, so each stream's order is asserted, not their merge.
    const errors = await ndjson('spam', { tail: 'all', level: 'error' });
    expect(errors.map((e) => e.message).sort()).toEqual(
      [
        'ERROR plain error on stderr',
        'json error',
        'logfmt error',
        '\u001b[31mred ERROR\u001b[0m and \u001b[1;32mbold green\u001b[0m',
      ].sort(),
    );
    expect(errors.map((e) => e.level)).toEqual(errors.map(() => 'error'));
    // One stream: the engine timestamps stdout and stderr as it reads each pipe, so lines the fixture
    // wrote in order across the two can come back in either order (seen in a real run).
    const lastTwo = await ndjson('spam', { tail: '2', level: 'error,warn', stream: 'stdout' });
    expect(lastTwo.map((e) => [e.level, e.message])).toEqual([
      ['error', 'logfmt error'],
      ['error', '\u001b[31mred ERROR\u001b[0m and \u001b[1;32mbold green\u001b[0m'],
    ]);
    expect((await ndjson('spam', { q: 'LINE 4\\d$', tail: 'all' })).map((e) => e.message)).toEqual([
      'line 40',
      'line 41',
      'line 42',
      'line 43',
      'line 44',
      'line 45',
      'line 46',
      'line 47',
      'line 48',
      'line 49',
    ]);
    const stderr = await ndjson('spam', { stream: 'stderr', tail: 'all' });
    expect(stderr.map((e) => e.message)).toEqual([
      'ERROR plain error on stderr',
      'WARN plain warning on stderr',
    ]);
    // Five consecutive ticks of that one replica (its hostname is its own, never the other replica's).
    // The ticker may have printed fewer than five lines yet: wait for them (the count is not the assertion).
    await expect
      .poll(async () => (await ndjson('multi', { container: 'multi-2', tail: '5' })).length, {
        timeout: 30_000,
      })
      .toBe(5);
    const multi2 = await ndjson('multi', { container: 'multi-2', tail: '5' });
    expect(multi2.map((e) => e.container)).toEqual(['multi-2', 'multi-2', 'multi-2', 'multi-2', 'multi-2']);
    const ticks = multi2.map((e) => /^tick (\d+) (\S+)$/.exec(e.message));
    expect(ticks.every(Boolean)).toBe(true);
    const first = Number(ticks[0]?.[1]);
    expect(ticks.map((t) => Number(t?.[1]))).toEqual([first, first + 1, first + 2, first + 3, first + 4]);
    expect(new Set(ticks.map((t) => t?.[2])).size).toBe(1);
    const multi1 = await ndjson('multi', { container: 'multi-1', tail: '1' });
    expect(multi1.map((e) => e.message.split(' ')[2])).not.toEqual([ticks[0]?.[2]]);
  });

  it('answers bad parameters with 400 and unknown services or replicas with 404', async () => {
    const bad = await call(serviceLogs.GET, '/x', {
      token,
      params: { id: idOf('spam') },
      query: { q: '([' },
    });
    expect(bad.status).toBe(400);
    const body = await json<{ error: { code: string; message: string } }>(bad);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain('not a valid regular expression');
    const badQueries: Record<string, string>[] = [
      { tail: 'lots' },
      { level: 'loud' },
      { since: 'later' },
      { stream: 'stdin' },
    ];
    for (const query of badQueries) {
      expect((await call(serviceLogs.GET, '/x', { token, params: { id: idOf('spam') }, query })).status).toBe(
        400,
      );
    }
    const missing = Buffer.from('local\u0000nostack\u0000nothing').toString('base64url');
    expect((await call(serviceLogs.GET, '/x', { token, params: { id: missing } })).status).toBe(404);
    const noReplica = await call(serviceLogs.GET, '/x', {
      token,
      params: { id: idOf('spam') },
      query: { container: 'spam-9' },
    });
    expect(noReplica.status).toBe(404);
    expect((await call(serviceLogs.GET, '/x', { params: { id: idOf('spam') } })).status).toBe(401);
  });

  it('refuses a token limited to other services', async () => {
    const limited = mintToken(['read'], [`${P}/tty`]);
    expect((await call(serviceLogs.GET, '/x', { token: limited, params: { id: idOf('spam') } })).status).toBe(
      403,
    );
    expect((await call(serviceLogs.GET, '/x', { token: limited, params: { id: idOf('tty') } })).status).toBe(
      200,
    );
  });

  it('downloads text honouring the filters, escape codes removed', async () => {
    const res = await call(serviceLogs.GET, '/x', {
      token,
      params: { id: idOf('spam') },
      query: { download: '1', tail: 'all', level: 'error' },
    });
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="opsdeck-test-logs-spam-.*\.log"$/,
    );
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines.every((l) => / spam-1 std(out|err) ERROR /.test(l))).toBe(true);
    expect(
      lines.some((l) => l.endsWith(' spam-1 stdout ERROR {"level":"error","msg":"json error","code":500}')),
    ).toBe(true);
    expect(lines.some((l) => l.endsWith('red ERROR and bold green'))).toBe(true);
  });

  it('streams the same objects as server-sent events, then an end event', async () => {
    const res = await call(serviceLogs.GET, '/x', {
      token,
      params: { id: idOf('spam') },
      query: { tail: '2', stream: 'stdout' },
      headers: { accept: 'text/event-stream' },
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await readUntil(res, (t) => t.includes('event: end'));
    const data = [...text.matchAll(/event: line\ndata: (.*)\n/g)].map(
      (m) => JSON.parse(m[1] ?? '') as LogEntry,
    );
    expect(data.map((e) => e.message)).toEqual([
      '\u001b[31m<img src=x onerror=alert(3)>\u001b[0m',
      'fixture done',
    ]);
  });

  it('merges replicas by engine time, each line tagged with its replica', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    const entries = await ndjson('multi', { tail: 'all' });
    const labels = new Set(entries.map((e) => e.container));
    expect(labels).toEqual(new Set(['multi-1', 'multi-2']));
    const times = entries.map((e) => e.ts);
    expect([...times].sort()).toEqual(times);
    // each replica's own lines stay in their order
    for (const label of labels) {
      const ticks = entries.filter((e) => e.container === label).map((e) => Number(e.message.split(' ')[1]));
      expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
    }
  });

  it('reads a TTY container raw', async () => {
    const entries = await waitFor('tty output', async () => {
      const e = await ndjson('tty', { tail: 'all' });
      return e.length >= 21 ? e : undefined;
    });
    expect(entries.map((e) => e.message)).toEqual([
      ...Array.from({ length: 20 }, (_, i) => `line ${i + 1}`),
      'done',
    ]);
    expect(entries.every((e) => e.stream === 'stdout')).toBe(true);
  });

  it('serves one container through /containers/{id}/logs', async () => {
    const containerId = ids.multi?.containers[0] ?? '';
    const res = await call(containerLogs.GET, '/x', {
      token,
      params: { containerId: containerId.slice(0, 12) },
      query: { tail: '5' },
    });
    expect(res.status).toBe(200);
    const entries = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LogEntry);
    expect(entries).toHaveLength(5);
    expect(new Set(entries.map((e) => e.container)).size).toBe(1);
    const unknown = await call(containerLogs.GET, '/x', { token, params: { containerId: 'abcdef123456' } });
    expect(unknown.status).toBe(404);
    const bad = await call(containerLogs.GET, '/x', { token, params: { containerId: '../etc' } });
    expect(bad.status).toBe(404);
  });

  it('follows across a restart and closes every engine stream when the client goes', async () => {
    const before = openEngineLogStreams();
    const gaugeBefore = (await metrics().engineLogStreams.get()).values[0]?.value ?? 0;
    const aborter = new AbortController();
    const res = await call(serviceLogs.GET, '/x', {
      token,
      params: { id: idOf('ticker') },
      query: { follow: '1', tail: '1' },
      signal: aborter.signal,
    });
    const restartedAt = new Date().toISOString();
    let restarted = false;
    const text = await readUntil(
      res,
      (t) => {
        const ticks = t.trim().split('\n').filter(Boolean).length;
        if (ticks >= 3 && !restarted) {
          restarted = true;
          void docker('restart', '-t', '1', `${P}_ticker_1`);
        }
        // after the restart the script counts from 1 again
        return restarted && /"message":"tick [12] /.test(t.split('\n').slice(3).join('\n'));
      },
      30_000,
    );
    const entries = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LogEntry);
    expect(entries.some((e) => e.ts > restartedAt && /^tick [12] /.test(e.message))).toBe(true);
    aborter.abort();
    await waitFor(
      'engine log streams closed',
      () => (openEngineLogStreams() === before ? true : undefined),
      5000,
    );
    expect((await metrics().engineLogStreams.get()).values[0]?.value ?? 0).toBe(gaugeBefore);
  });

  it('drops lines for a client that does not read, and says how many', async () => {
    const { readLogs } = await import('@/lib/logs/session');
    const { serviceLogSource } = await import('@/lib/logs/targets');
    const { logsQuerySchema } = await import('@/lib/logs/query');
    const { getDockerService } = await import('@/lib/services');
    await compose(`${P}-flood`, floodFile, 'up', '-d');
    const flood = await waitFor('the flood service', async () =>
      (await listDockerServices()).find((s) => s.stack === `${P}-flood` && s.containers.length === 1),
    );
    const before = openEngineLogStreams();
    const aborter = new AbortController();
    const query = logsQuerySchema.parse({ follow: '1', tail: '0' });
    const items = readLogs(serviceLogSource(await getDockerService(flood.id)), query, aborter.signal, {
      limits: { maxQueuedLines: 100 },
    });
    const first = items.next();
    await new Promise((r) => setTimeout(r, 1500));
    // the first take happens at once; the client then stalls while the flood goes on
    await first;
    await new Promise((r) => setTimeout(r, 1500));
    const second = await items.next();
    const batch = second.done ? [] : second.value;
    expect(batch.filter((i) => !('dropped' in i))).toHaveLength(100);
    const notice = batch.at(-1);
    expect(notice && 'dropped' in notice && notice.dropped).toBeGreaterThan(100);
    aborter.abort();
    await items.return(undefined);
    await waitFor(
      'engine log streams closed',
      () => (openEngineLogStreams() === before ? true : undefined),
      5000,
    );
  });
});
