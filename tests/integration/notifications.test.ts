import { createHmac } from 'node:crypto';
import http from 'node:http';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import { answer, call, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { freePort } from '../support/prometheus';

const P = 'opsdeck-test-notify';
process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const channelsRoute = await import('@/app/api/v1/notifications/channels/route');
const testRoute = await import('@/app/api/v1/notifications/channels/[id]/test/route');
const { listServices } = await import('@/lib/services');
const { startHealthRecorder, stopHealthRecorder } = await import('@/lib/services/health-recorder');
const { startNotifier, stopNotifier } = await import('@/lib/notifications/dispatcher');
const { queryTimeline } = await import('@/lib/services/timeline-query');
const { listAudit } = await import('@/lib/audit/query');
const { metrics } = await import('@/lib/metrics/registry');
const { stopInventory } = await import('@/lib/docker/inventory');

const SECRET = 'a-webhook-secret-of-some-length';

/** A local HTTP sink: every request it got, and what it answers next (a queue of statuses, then 200). */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
const nextStatuses: Record<string, number[]> = {};
let sink: http.Server;
let sinkUrl: string;

/** A real SMTP server (npm smtp-server) that keeps every message it accepts. */
const mails: { from: string; to: string[]; data: string }[] = [];
let smtp: SMTPServer;
let smtpPort: number;

const composeFile = `
version: "2.4"
services:
  api:
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
    network_mode: none
    labels:
      team: payments
`;

let admin: string;
async function create(body: unknown) {
  const res = await call(channelsRoute.POST, '/api/v1/notifications/channels', {
    token: admin,
    method: 'POST',
    body,
  });
  expect(res.status).toBe(201);
  return answer(ops.notificationChannelsCreate, res);
}

beforeAll(async () => {
  sink = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(nextStatuses[req.url ?? '']?.shift() ?? 200);
      res.end('ok');
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => sink.listen(port, '127.0.0.1', r));
  sinkUrl = `http://127.0.0.1:${port}`;

  smtpPort = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _s, cb) {
      if (auth.username === 'opsdeck' && auth.password === 'smtp-pass') cb(null, { user: 'opsdeck' });
      else cb(new Error('bad credentials'));
    },
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (d: Buffer) => {
        data += d.toString();
      });
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));

  admin = mintToken(['admin']);
  await removeByPrefix(P);
  await compose(P, composeFile, 'up', '-d');
  await waitFor('api listed healthy', async () => {
    const { services } = await listServices();
    return services.find((s) => s.stack === P && s.name === 'api' && s.status === 'healthy');
  });
  startHealthRecorder();
  startNotifier();
});

afterAll(async () => {
  stopNotifier();
  stopHealthRecorder();
  stopInventory();
  await removeByPrefix(P);
  await new Promise<void>((r) => sink.close(() => r()));
  await new Promise<void>((r) => smtp.close(() => r()));
});

describe('notifications: webhook, Slack-compatible, e-mail', () => {
  it('creates channels (admin only) and never answers or audits their secrets', async () => {
    const hook = await create({
      type: 'webhook',
      name: 'oncall-hook',
      url: `${sinkUrl}/hook`,
      secret: SECRET,
      events: ['service.down', 'service.recovered'],
      services: [`${P}/*`],
    });
    expect(hook).toMatchObject({ type: 'webhook', hasSecret: true, url: `${sinkUrl}/hook` });
    expect(JSON.stringify(hook)).not.toContain(SECRET);
    const slack = await create({
      type: 'slack',
      name: 'chat',
      url: `${sinkUrl}/services/T000/B000/slack-token-xyz`,
      events: ['service.down'],
      // other test files' services die on the same engine meanwhile: only this stack's are awaited
      services: [`${P}/*`],
    });
    expect(slack.url).toBe(`${sinkUrl}/…`);
    await create({
      type: 'email',
      name: 'mail',
      url: `smtp://127.0.0.1:${smtpPort}`,
      from: 'opsdeck@example.test',
      to: ['oncall@example.test'],
      username: 'opsdeck',
      password: 'smtp-pass',
      events: ['service.down'],
      services: ['other-stack/*'],
    });
    // Routed by the service's labels: one rule matches the compose label, the other does not.
    const byLabel = await create({
      type: 'webhook',
      name: 'team-payments',
      url: `${sinkUrl}/labels-yes`,
      events: ['service.down'],
      labels: { team: 'payments' },
    });
    expect(byLabel.labels).toEqual({ team: 'payments' });
    await create({
      type: 'webhook',
      name: 'team-search',
      url: `${sinkUrl}/labels-no`,
      events: ['service.down'],
      labels: { team: 'search' },
    });
    const list = await answer(
      ops.notificationChannelsList,
      await call(channelsRoute.GET, '/api/v1/notifications/channels', { token: admin }),
    );
    const text = JSON.stringify(list);
    for (const secret of [SECRET, 'slack-token-xyz', 'smtp-pass']) expect(text).not.toContain(secret);
    const audit = JSON.stringify(
      listAudit({}).entries.filter((e) => e.action === 'notifications.channel.create'),
    );
    for (const secret of [SECRET, 'slack-token-xyz', 'smtp-pass']) expect(audit).not.toContain(secret);

    const reader = mintToken(['operate']);
    const refused = await call(channelsRoute.GET, '/api/v1/notifications/channels', { token: reader });
    expect(refused.status).toBe(403);
  });

  it('"send test" delivers an e-mail through a real SMTP server, with auth', async () => {
    const { channels } = await answer(
      ops.notificationChannelsList,
      await call(channelsRoute.GET, '/api/v1/notifications/channels', { token: admin }),
    );
    const mail = channels.find((c) => c.name === 'mail');
    const res = await call(testRoute.POST, `/api/v1/notifications/channels/${mail?.id}/test`, {
      token: admin,
      method: 'POST',
      params: { id: mail?.id ?? '' },
    });
    const result = await answer(ops.notificationChannelsTest, res);
    expect(result.ok).toBe(true);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['oncall@example.test']);
    expect(mails[0]?.data).toContain('Subject: [opsdeck] test');
    expect(mails[0]?.data).toContain('Test notification from Opsdeck');
  });

  it('docker kill → service.down on the signed webhook and on Slack (not on the e-mail of another stack); start → recovered', async () => {
    nextStatuses['/hook'] = [500];
    await docker('kill', `${P}_api_1`);
    const hooks = await waitFor('the webhook delivered after one retry', async () => {
      const got = received.filter((r) => r.path === '/hook');
      return got.length >= 2 ? got : undefined;
    });
    const delivered = hooks[1] as Received;
    const body = JSON.parse(delivered.body) as {
      notifications: { event: string; service: string; summary: string }[];
    };
    expect(body.notifications[0]).toMatchObject({ event: 'service.down', service: `${P}/api` });
    expect(body.notifications[0]?.summary).toContain('is down');
    const sig = String(delivered.headers['x-opsdeck-signature']);
    const [t, mac] = sig.replace('t=', '').split(',sha256=');
    expect(mac).toBe(createHmac('sha256', SECRET).update(`${t}.${delivered.body}`).digest('hex'));
    const slack = await waitFor('slack text', async () =>
      received.find((r) => r.path.startsWith('/services/')),
    );
    expect((JSON.parse(slack.body) as { text: string }).text).toMatch(
      /^\[service\.down\] opsdeck-test-notify\/api: /,
    );
    expect(mails).toHaveLength(1);
    const byLabel = await waitFor('the label-routed webhook', async () =>
      received.find((r) => r.path === '/labels-yes'),
    );
    expect(byLabel.body).toContain('"event":"service.down"');
    expect(received.filter((r) => r.path === '/labels-no')).toEqual([]);

    const id = (await listServices()).services.find((s) => s.stack === P && s.name === 'api')?.id ?? '';
    const sends = await waitFor('both attempts on the timeline', async () => {
      const list = queryTimeline({ serviceId: id, limit: 50, kinds: ['notification'] }).events.map(
        (e) => e.summary,
      );
      return list.length >= 3 ? list : undefined;
    });
    expect(sends).toEqual(
      expect.arrayContaining([
        'webhook "oncall-hook": service.down not delivered, attempt 1: answered 500 — retrying in 1 s',
        expect.stringMatching(/^webhook "oncall-hook": service\.down delivered \(answered 200, \d+ ms\)$/),
        expect.stringMatching(/^slack "chat": service\.down delivered/),
      ]),
    );

    await docker('start', `${P}_api_1`);
    const recovered = await waitFor('recovered on the webhook', async () =>
      received.find((r) => r.path === '/hook' && r.body.includes('service.recovered')),
    );
    expect(recovered.body).toContain('recovered (was down)');
    const text = await metrics().registry.metrics();
    expect(text).toMatch(/opsdeck_notifications_total\{type="webhook",outcome="failed"\} 1/);
    expect(text).toMatch(/opsdeck_notifications_total\{type="webhook",outcome="delivered"\} [2-9]/);
  });
});
