import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Engine } from '@/lib/docker/engine';
import { entryFilter } from './filters';
import { logsQuerySchema } from './query';
import { parseDetails, parseRecord, readSwarmLogs, type SwarmLogSource } from './swarm';

const frame = (type: 1 | 2, text: string) => {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = type;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};

const details = (node: string, task: string) =>
  `com.docker.swarm.node.id=${node},com.docker.swarm.service.id=svc,com.docker.swarm.task.id=${task}`;

/** An engine whose service logs answer is `chunks`, recording the query it was asked. */
function fakeEngine(chunks: Buffer[], queries: Record<string, unknown>[] = []): Engine {
  return {
    host: 'm',
    serviceLogStream: async (_id: string, query: Record<string, unknown>) => {
      queries.push(query);
      const res = new PassThrough();
      // cut the bytes anywhere: frames must be joined across chunks
      const all = Buffer.concat(chunks);
      for (let i = 0; i < all.length; i += 7) res.write(all.subarray(i, i + 7));
      res.end();
      return res as unknown as IncomingMessage;
    },
  } as unknown as Engine;
}

const source: SwarmLogSource = {
  serviceId: 'svc',
  tty: false,
  label: (task, node) => `web.${task.slice(-1)}@${node === 'n2' ? 'two' : 'one'}`,
};

async function collect(engine: Engine, q: Record<string, string>) {
  const query = logsQuerySchema.parse(q);
  const out = [];
  for await (const batch of readSwarmLogs(
    engine,
    source,
    query,
    new AbortController().signal,
    entryFilter(query),
    null,
  ))
    out.push(...batch);
  return out;
}

describe('swarm service log records', () => {
  it('reads details as the engine escapes them', () => {
    expect(parseDetails('a=1,b%3Dc=x+y%2Cz,bad,=v')).toEqual({ a: '1', 'b=c': 'x y,z' });
  });

  it('splits time, node, task and message; a line without details is not a record', () => {
    expect(parseRecord(`2026-01-01T00:00:01.5Z ${details('n1', 't1')} hello world`)).toEqual({
      ts: '2026-01-01T00:00:01.500000000Z',
      nodeId: 'n1',
      taskId: 't1',
      message: 'hello world',
    });
    expect(parseRecord('2026-01-01T00:00:01Z just text')).toBeNull();
    expect(parseRecord('no time here')).toBeNull();
  });
});

describe('readSwarmLogs', () => {
  const chunks = [
    // the engine sends history task by task, not in time order
    frame(1, `2026-01-01T00:00:01.000000000Z ${details('n1', 't1')} one-a\n`),
    frame(1, `2026-01-01T00:00:03.000000000Z ${details('n1', 't1')} one-b\n`),
    frame(2, `2026-01-01T00:00:02.000000000Z ${details('n2', 't2')} two-a <b>x</b>\n`),
    frame(1, `2026-01-01T00:00:04.000000000Z ${details('n2', 't2')} two-b\n`),
  ];

  it('merges every node’s lines in time order, labelled by task and node, cut to tail', async () => {
    const queries: Record<string, unknown>[] = [];
    const all = await collect(fakeEngine(chunks, queries), { tail: '3' });
    expect(all.map((e) => [e.container, e.stream, e.message])).toEqual([
      ['web.2@two', 'stderr', 'two-a <b>x</b>'],
      ['web.1@one', 'stdout', 'one-b'],
      ['web.2@two', 'stdout', 'two-b'],
    ]);
    expect(queries[0]).toMatchObject({ details: 1, timestamps: 1, tail: 3 });
    expect(queries[0]).not.toHaveProperty('follow');
  });

  it('keeps lines up to until, and filters by stream', async () => {
    expect(
      (await collect(fakeEngine(chunks), { tail: 'all', until: '2026-01-01T00:00:02.5Z' })).map(
        (e) => e.message,
      ),
    ).toEqual(['one-a', 'two-a <b>x</b>']);
    expect(
      (await collect(fakeEngine(chunks), { tail: 'all', stream: 'stderr' })).map((e) => e.message),
    ).toEqual(['two-a <b>x</b>']);
  });
});
