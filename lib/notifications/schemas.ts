import { z } from 'zod';

/** What Opsdeck notices and can notify about (a Prometheus alert only when a channel asks for it). */
export const notificationEvents = [
  'service.down',
  'service.recovered',
  'service.degraded',
  'job.failed',
  'deploy.rolled_back',
  'backup.failed',
  'backup.overdue',
  'verify.failed',
  'engine.unreachable',
  'prometheus.unreachable',
  // Prometheus alerts are Alertmanager's to send: only a channel that lists these gets them from Opsdeck.
  'alert.firing',
  'alert.resolved',
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const channelTypes = ['webhook', 'slack', 'email'] as const;

const httpUrl = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL');
const smtpUrl = z
  .string()
  .max(2000)
  .regex(
    /^smtps?:\/\/[^/@\s]+(:\d+)?\/?$/i,
    'smtp://host:port or smtps://host:port (credentials go in username/password)',
  );

/** Which events, for which services, how often: the routing rule of a channel. */
const ruleFields = {
  events: z.array(z.enum(notificationEvents)).min(1).max(notificationEvents.length),
  /** `stack/service` globs (`shop/*`, `*`); default every service */
  services: z.array(z.string().min(1).max(300)).max(100).default(['*']),
  /**
   * and every one of these labels (`{"team": "payments"}`; `"*"` as a value: the label is set); default
   * none. Labels are the service's own (compose: its newest container's; swarm: the spec's).
   */
  labels: z
    .record(z.string().min(1).max(200), z.string().min(1).max(500))
    .refine((l) => Object.keys(l).length <= 20, 'at most 20 labels')
    .default({}),
  /** the same event of the same service is not sent again within this many minutes (until it recovers) */
  repeatMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  /** events arriving within this many seconds go out as one message */
  groupSeconds: z.number().int().min(0).max(600).default(0),
  /** `service.degraded` only when the service is still degraded this many minutes later (0: at once) */
  degradedMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(0),
};

const name = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w .-]+$/, 'letters, digits, space, _ . -');

export const newChannelBody = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('webhook'),
    name,
    url: httpUrl,
    secret: z.string().min(16).max(500).optional(),
    ...ruleFields,
  }),
  z.object({ type: z.literal('slack'), name, url: httpUrl, ...ruleFields }),
  z.object({
    type: z.literal('email'),
    name,
    url: smtpUrl,
    from: z.string().email().max(300),
    to: z.array(z.string().email().max(300)).min(1).max(50),
    username: z.string().max(300).optional(),
    password: z.string().max(500).optional(),
    ...ruleFields,
  }),
]);
export type NewChannel = z.infer<typeof newChannelBody>;
/** What a client sends (rule fields with defaults may be left out). */
export type NewChannelInput = z.input<typeof newChannelBody>;

/** A channel as the API shows it: never its secrets (the webhook secret, the SMTP password, a Slack URL's token). */
export const channelSchema = z.object({
  id: z.string(),
  type: z.enum(channelTypes),
  name: z.string(),
  /** Slack URLs carry their token in the path: shown as origin + "/…" */
  url: z.string(),
  events: z.array(z.enum(notificationEvents)),
  services: z.array(z.string()),
  labels: z.record(z.string(), z.string()),
  repeatMinutes: z.number().int(),
  groupSeconds: z.number().int(),
  degradedMinutes: z.number().int(),
  from: z.string().optional(),
  to: z.array(z.string()).optional(),
  username: z.string().optional(),
  hasSecret: z.boolean(),
  /** from OPSDECK_CONFIG: changed there, not through the API */
  provisioned: z.boolean(),
  createdAt: z.string(),
});
export type Channel = z.infer<typeof channelSchema>;

export const channelsResponse = z.object({ channels: z.array(channelSchema) });
export const channelIdParams = z.object({ id: z.string().regex(/^ch_[a-z0-9]{1,40}$/) });
export const testResult = z.object({ ok: z.boolean(), detail: z.string(), ms: z.number() });
