import { parseServiceId } from '@/lib/docker/ids';
import { logger } from '@/lib/log/logger';
import { labelsOfService } from '@/lib/services';
import { onIncident, type RecordedIncident, recordIncident } from '@/lib/services/incidents';
import { servicesDb } from '@/lib/services/schema';
import { listStoredChannels, type StoredChannel } from './channels';
import { globMatches, labelsMatch, notificationEventsOf } from './events';
import { notificationMetrics } from './metrics';
import { notificationsDb } from './schema';
import type { NotificationEvent } from './schemas';
import { type Delivery, deliver, type Notice } from './senders';

/** Attempt n+1 waits RETRY_MS[n]; after the last one the notice is given up (and that is recorded). */
export const RETRY_MS = [1000, 4000, 15_000, 60_000];

interface Pending {
  channel: StoredChannel;
  notices: Notice[];
  timer: ReturnType<typeof setTimeout> | null;
}

const holder = globalThis as unknown as {
  __opsdeckNotifier?: {
    off: () => void;
    groups: Map<string, Pending>;
    retries: Set<ReturnType<typeof setTimeout>>;
  };
};

const PAIRS: Partial<Record<NotificationEvent, NotificationEvent[]>> = {
  'service.recovered': ['service.down', 'service.degraded'],
  'alert.resolved': ['alert.firing'],
};

/** What repeats are counted against: the service, or for a Prometheus alert the service and the rule. */
function subjectOf(e: RecordedIncident, event: NotificationEvent): string {
  const alertname = e.attributes.alertname;
  return event.startsWith('alert.') && typeof alertname === 'string'
    ? `${e.serviceId}#${alertname}`
    : e.serviceId;
}

function lastSent(channelId: string, key: string): number | null {
  const row = notificationsDb()
    .prepare('SELECT at FROM notification_sent WHERE channel_id = ? AND key = ?')
    .get(channelId, key) as { at: string } | undefined;
  return row ? Date.parse(row.at) : null;
}

/**
 * Whether this channel sends this event of this service now: not within `repeatMinutes` of the same
 * one, and a recovery only when the trouble it ends was sent on this channel.
 */
function shouldSend(c: StoredChannel, event: NotificationEvent, serviceId: string, now: number): boolean {
  const conn = notificationsDb();
  const ended = PAIRS[event];
  if (ended) {
    const keys = ended.map((e) => `${serviceId}|${e}`);
    const sent = keys.some((k) => lastSent(c.id, k) !== null);
    conn
      .prepare(
        `DELETE FROM notification_sent WHERE channel_id = ? AND key IN (${keys.map(() => '?').join(',')})`,
      )
      .run(c.id, ...keys);
    return sent;
  }
  const key = `${serviceId}|${event}`;
  const last = lastSent(c.id, key);
  if (last !== null && now - last < c.repeatMinutes * 60_000) return false;
  conn
    .prepare(
      'INSERT INTO notification_sent (channel_id, key, at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET at = excluded.at',
    )
    .run(c.id, key, new Date(now).toISOString());
  return true;
}

function state() {
  holder.__opsdeckNotifier ??= { off: () => {}, groups: new Map(), retries: new Set() };
  return holder.__opsdeckNotifier;
}

/** Each attempt's outcome on the timelines of the services it was about, and in the metrics. */
function recordAttempt(
  c: StoredChannel,
  notices: Notice[],
  d: Delivery,
  attempt: number,
  willRetryMs: number | null,
): void {
  const outcome = d.ok ? 'delivered' : willRetryMs === null ? 'gave_up' : 'failed';
  notificationMetrics().sends.labels(c.type, outcome).inc();
  notificationMetrics()
    .latency.labels(c.type)
    .observe(d.ms / 1000);
  const events = [...new Set(notices.map((n) => n.event))].join(', ');
  const summary = d.ok
    ? `${c.type} "${c.name}": ${events} delivered (${d.detail}, ${Math.round(d.ms)} ms)`
    : `${c.type} "${c.name}": ${events} not delivered, attempt ${attempt}: ${d.detail}${willRetryMs === null ? ' — gave up' : ` — retrying in ${willRetryMs / 1000} s`}`;
  if (!d.ok) logger().warn({ channel: c.name, detail: d.detail, attempt }, 'notification not delivered');
  for (const serviceId of new Set(notices.map((n) => n.serviceId).filter((s): s is string => Boolean(s)))) {
    try {
      recordIncident({
        serviceId,
        kind: 'notification',
        summary,
        severity: d.ok ? 'info' : 'warning',
        attributes: {
          channel: c.name,
          channelType: c.type,
          events: notices.map((n) => n.event),
          ok: d.ok,
          attempt,
          detail: d.detail,
        },
      });
    } catch (err) {
      logger().error({ err }, 'could not record a notification on the timeline');
    }
  }
}

/** Delivers with retries and backoff on timers: nothing here ever waits on the event loop. */
function send(c: StoredChannel, notices: Notice[], attempt = 1): void {
  void deliver(c, notices).then((d) => {
    const retryMs = d.ok ? null : (RETRY_MS[attempt - 1] ?? null);
    recordAttempt(c, notices, d, attempt, retryMs);
    if (retryMs === null) return;
    const t = setTimeout(() => {
      state().retries.delete(t);
      send(c, notices, attempt + 1);
    }, retryMs);
    t.unref();
    state().retries.add(t);
  });
}

/** Queues a notice on a channel: sent at once, or with what else arrives within `groupSeconds`. */
export function enqueue(c: StoredChannel, notice: Notice): void {
  if (c.groupSeconds === 0) {
    send(c, [notice]);
    return;
  }
  const s = state();
  const pending = s.groups.get(c.id) ?? { channel: c, notices: [], timer: null };
  pending.notices.push(notice);
  s.groups.set(c.id, pending);
  pending.timer ??= setTimeout(() => {
    s.groups.delete(c.id);
    send(c, pending.notices);
  }, c.groupSeconds * 1000);
}

/** Whether the service's newest health entry is still the one that said it became degraded. */
function stillDegraded(serviceId: string, seq: number): boolean {
  const row = servicesDb()
    .prepare("SELECT MAX(seq) AS seq FROM service_events WHERE service_id = ? AND kind = 'health'")
    .get(serviceId) as { seq: number | null };
  return row.seq === seq;
}

/**
 * `service.degraded` on a channel that waits: sent only if nothing changed the health meanwhile. The
 * wait counts from when the service became degraded, so one re-armed after a restart waits only
 * for what is left.
 */
function sendIfStillDegraded(c: StoredChannel, e: RecordedIncident, notice: Notice, now: number): void {
  const left = Math.max(0, c.degradedMinutes * 60_000 - Math.max(0, now - Date.parse(e.at)));
  const t = setTimeout(() => {
    state().retries.delete(t);
    // one notice per degradation: a wait re-armed after a restart does not repeat one already sent
    const sent = lastSent(c.id, `${e.serviceId}|service.degraded`);
    if (sent !== null && sent >= Date.parse(e.at)) return;
    if (stillDegraded(e.serviceId, e.seq) && shouldSend(c, 'service.degraded', e.serviceId, Date.now()))
      enqueue(c, { ...notice, summary: `${notice.summary} (for ${c.degradedMinutes} min)` });
  }, left);
  t.unref();
  state().retries.add(t);
}

/** Routes one incident event to every channel whose rule takes it (`only`: just that event of it). */
export function route(e: RecordedIncident, now = Date.now(), only?: NotificationEvent): void {
  const events = notificationEventsOf(e).filter((event) => !only || event === only);
  if (events.length === 0) return;
  const parsed = parseServiceId(e.serviceId);
  const service = parsed ? `${parsed.stack}/${parsed.name}` : null;
  for (const c of listStoredChannels()) {
    for (const event of events) {
      if (!c.events.includes(event)) continue;
      if (service && !c.services.some((g) => globMatches(g, service))) continue;
      if (!labelsMatch(c.labels ?? {}, labelsOfService(e.serviceId))) continue;
      const notice = {
        event,
        service,
        serviceId: e.serviceId,
        summary: e.summary,
        severity: e.severity,
        at: e.at,
      };
      if (event === 'service.degraded' && (c.degradedMinutes ?? 0) > 0) {
        sendIfStillDegraded(c, e, notice, now);
        continue;
      }
      if (!shouldSend(c, event, subjectOf(e, event), now)) continue;
      enqueue(c, notice);
    }
  }
}

/** Deployment-wide events (engine or Prometheus unreachable): every channel that takes them. */
export function routeGlobal(event: NotificationEvent, summary: string, now = Date.now()): void {
  for (const c of listStoredChannels()) {
    if (!c.events.includes(event)) continue;
    if (!shouldSend(c, event, '*', now)) continue;
    enqueue(c, {
      event,
      service: null,
      serviceId: null,
      summary,
      severity: 'critical',
      at: new Date(now).toISOString(),
    });
  }
}

/** The outage is over: the next one is sent at once, whatever the repeat interval. */
export function clearGlobal(event: NotificationEvent): void {
  notificationsDb().prepare('DELETE FROM notification_sent WHERE key = ?').run(`*|${event}`);
}

interface HealthRow {
  seq: number;
  service_id: string;
  container_id: string | null;
  container_name: string | null;
  message: string;
  attributes: string;
  at: string;
  severity: RecordedIncident['severity'];
}

/**
 * A "degraded for N minutes" wait lives on a timer, which a restart loses: the notice would never
 * come. At start, every service whose newest health entry says it became degraded is waited for
 * again, for what is left of the N minutes (at once when they have passed). Returns how many.
 */
export function rearmDegradedWaits(now = Date.now()): number {
  const rows = servicesDb()
    .prepare(
      `SELECT e.* FROM service_events e
         JOIN (SELECT service_id, MAX(seq) AS seq FROM service_events WHERE kind = 'health' GROUP BY service_id) m
           ON e.seq = m.seq`,
    )
    .all() as HealthRow[];
  let armed = 0;
  for (const r of rows) {
    let attributes: Record<string, unknown>;
    try {
      attributes = JSON.parse(r.attributes) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (attributes.to !== 'degraded') continue;
    const e: RecordedIncident = {
      seq: r.seq,
      serviceId: r.service_id,
      kind: 'health',
      summary: r.message,
      severity: r.severity,
      attributes,
      at: r.at,
      containerId: r.container_id,
      containerName: r.container_name,
    };
    route(e, now, 'service.degraded');
    armed++;
  }
  return armed;
}

export function startNotifier(): void {
  const s = state();
  s.off();
  try {
    rearmDegradedWaits();
  } catch (err) {
    logger().error({ err }, 'could not re-arm the degraded-for-N-minutes waits');
  }
  s.off = onIncident((e) => {
    try {
      route(e);
    } catch (err) {
      logger().error({ err }, 'notification routing failed');
    }
  });
}

export function stopNotifier(): void {
  const s = holder.__opsdeckNotifier;
  if (!s) return;
  s.off();
  for (const p of s.groups.values()) if (p.timer) clearTimeout(p.timer);
  for (const t of s.retries) clearTimeout(t);
  holder.__opsdeckNotifier = undefined;
}
