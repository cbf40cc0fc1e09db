import { z } from 'zod';
import { sourceStatusSchema } from '@/lib/docker/schemas';

/** The time windows of the metric charts and sparklines, in seconds. */
export const ranges = { '15m': 900, '1h': 3600, '6h': 6 * 3600, '24h': 24 * 3600 } as const;
export type RangeName = keyof typeof ranges;

const rangeName = z.enum(Object.keys(ranges) as [RangeName]);

export const rangeQuery = z.object({ range: rangeName.default('1h') });

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const silenceMatcherInput = z.object({
  name: z.string().regex(LABEL_NAME, 'a label name'),
  value: z.string().max(1000),
  isRegex: z.boolean().default(false),
  isEqual: z.boolean().default(true),
});

export const newSilenceInput = z
  .object({
    matchers: z.array(silenceMatcherInput).min(1).max(20),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    duration: z.string().max(20).optional(),
    comment: z.string().trim().min(1, 'say why').max(1000),
    /** the service the silence is for; required of tokens limited to some services */
    serviceId: z.string().max(1024).optional(),
  })
  .refine((b) => (b.endsAt === undefined) !== (b.duration === undefined), {
    message: 'give exactly one of endsAt or duration',
  });
export type NewSilenceInput = z.infer<typeof newSilenceInput>;

export const silenceIdParams = z.object({ id: z.string().min(1).max(64) });
export const silenceCreated = z.object({ id: z.string() });

/** A silence matcher as Alertmanager answers it. */
export const matcherSchema = z.object({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});
export type Matcher = z.infer<typeof matcherSchema>;

/** A silence as Alertmanager answers it (parsed from its API), and as ours passes it on. */
export const silenceSchema = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
  updatedAt: z.string(),
  comment: z.string(),
  createdBy: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  matchers: z.array(matcherSchema),
});
export type Silence = z.infer<typeof silenceSchema>;

export const silencesResponse = z.object({ silences: z.array(silenceSchema), source: sourceStatusSchema });

/** Label sets come from Prometheus rules: any names, untrusted text. */
const labelSet = z.record(z.string(), z.string());

/** An alert as the API and the UI show it. Labels and annotations are untrusted text. */
export const alertViewSchema = z.object({
  fingerprint: z.string(),
  name: z.string(),
  state: z.enum(['firing', 'pending']),
  severity: z.string(),
  labels: labelSet,
  annotations: labelSet,
  /** when the rule became active (pending or firing since) */
  startsAt: z.string().nullable(),
  serviceId: z.string().nullable(),
  /** ids of the active silences that match it */
  silencedBy: z.array(z.string()),
});

export const alertsResponse = z.object({
  alerts: z.array(alertViewSchema),
  sources: z.object({ prometheus: sourceStatusSchema, alertmanager: sourceStatusSchema }),
  /** Prometheus' warnings from the last refresh (partial data and the like) */
  warnings: z.array(z.string()),
  /** why OPSDECK_CONFIG could not be used, if it could not */
  configError: z.string().nullable(),
  /** stack and name of each service an alert belongs to, for display */
  services: z.record(z.string(), z.object({ stack: z.string(), name: z.string() })),
});

/** `[unix seconds, value]` pairs. */
export const pointsSchema = z.array(z.tuple([z.number(), z.number()]));

const from = z.enum(['prometheus', 'docker']);

/** The series of one service's page: queue depth, metric tiles, CPU and memory. */
export const seriesSetSchema = z.object({
  range: rangeName,
  stepSeconds: z.number(),
  queue: z
    .object({
      points: pointsSchema,
      warn: z.number().nullable(),
      critical: z.number().nullable(),
      error: z.string().optional(),
    })
    .nullable(),
  metrics: z.record(z.string(), z.object({ points: pointsSchema, error: z.string().optional() })),
  cpu: z.object({ points: pointsSchema, unit: z.literal('cores'), from }),
  memory: z.object({ points: pointsSchema, unit: z.literal('bytes'), from }),
  source: sourceStatusSchema,
});

/** Every service's queue history, by service id. */
export const sparklinesResponse = z.object({
  series: z.record(z.string(), pointsSchema),
  fetchedAt: z.string().nullable(),
  stale: z.boolean(),
  source: sourceStatusSchema,
});

export type AlertView = z.infer<typeof alertViewSchema>;
export type AlertsAnswer = z.infer<typeof alertsResponse>;
export type SilencesAnswer = z.infer<typeof silencesResponse>;
export type Points = z.infer<typeof pointsSchema>;
export type SeriesSet = z.infer<typeof seriesSetSchema>;
export type SparklinesAnswer = z.infer<typeof sparklinesResponse>;
