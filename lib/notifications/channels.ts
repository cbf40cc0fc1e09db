import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '@/lib/errors';
import { notificationsDb } from './schema';
import type { Channel, NewChannel } from './schemas';

interface Row {
  id: string;
  type: Channel['type'];
  name: string;
  url: string;
  config: string;
  secret: string | null;
  provisioned: number;
  created_at: string;
}

/** A channel with its secret, for the sender only: never answered by the API. */
export type StoredChannel = NewChannel & { id: string; provisioned: boolean; createdAt: string };

const newId = () => `ch_${randomBytes(8).toString('hex')}`;

function stored(r: Row): StoredChannel {
  const config = JSON.parse(r.config) as Record<string, unknown>;
  const secret = r.secret ?? undefined;
  const base = {
    ...config,
    id: r.id,
    type: r.type,
    name: r.name,
    url: r.url,
    provisioned: r.provisioned === 1,
    createdAt: r.created_at,
  };
  if (r.type === 'webhook') return { ...base, secret } as StoredChannel;
  if (r.type === 'email') return { ...base, password: secret } as StoredChannel;
  return base as StoredChannel;
}

/** The API's view: secrets left out, a Slack URL (its token is in the path) cut to its origin. */
export function publicChannel(c: StoredChannel): Channel {
  const url = c.type === 'slack' ? `${new URL(c.url).origin}/…` : c.url;
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    url,
    events: c.events,
    services: c.services,
    labels: c.labels ?? {},
    repeatMinutes: c.repeatMinutes,
    groupSeconds: c.groupSeconds,
    degradedMinutes: c.degradedMinutes ?? 0,
    ...(c.type === 'email'
      ? { from: c.from, to: c.to, ...(c.username ? { username: c.username } : {}) }
      : {}),
    hasSecret: c.type === 'webhook' ? Boolean(c.secret) : c.type === 'email' ? Boolean(c.password) : true,
    provisioned: c.provisioned,
    createdAt: c.createdAt,
  };
}

export function listStoredChannels(): StoredChannel[] {
  return (notificationsDb().prepare('SELECT * FROM notification_channels ORDER BY name').all() as Row[]).map(
    stored,
  );
}

export function getStoredChannel(id: string): StoredChannel {
  const row = notificationsDb().prepare('SELECT * FROM notification_channels WHERE id = ?').get(id) as
    | Row
    | undefined;
  if (!row) throw notFound(`No notification channel "${id}"`);
  return stored(row);
}

function split(input: NewChannel): { config: Record<string, unknown>; secret: string | null } {
  const { type: _t, name: _n, url: _u, ...rest } = input;
  const { secret, password, ...config } = rest as Record<string, unknown> & {
    secret?: string;
    password?: string;
  };
  return { config, secret: secret ?? password ?? null };
}

export function createChannel(input: NewChannel, provisioned = false): Channel {
  const { config, secret } = split(input);
  const id = newId();
  const at = new Date().toISOString();
  try {
    notificationsDb()
      .prepare(
        'INSERT INTO notification_channels (id, type, name, url, config, secret, provisioned, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, input.type, input.name, input.url, JSON.stringify(config), secret, provisioned ? 1 : 0, at);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
      throw conflict(`A channel named "${input.name}" exists`);
    throw err;
  }
  return publicChannel(getStoredChannel(id));
}

export function deleteChannel(id: string): void {
  const c = getStoredChannel(id);
  if (c.provisioned) throw conflict(`"${c.name}" comes from OPSDECK_CONFIG: change it there`);
  notificationsDb().prepare('DELETE FROM notification_channels WHERE id = ?').run(id);
  notificationsDb().prepare('DELETE FROM notification_sent WHERE channel_id = ?').run(id);
}

/** Replaces the provisioned channels with what OPSDECK_CONFIG says (by name), leaving API-made ones alone. */
export function provisionChannels(list: NewChannel[]): void {
  const conn = notificationsDb();
  conn
    .transaction(() => {
      conn.prepare('DELETE FROM notification_channels WHERE provisioned = 1').run();
      for (const c of list) {
        conn.prepare('DELETE FROM notification_channels WHERE name = ?').run(c.name);
        createChannel(c, true);
      }
    })
    .immediate();
}
