import { z } from 'zod';
import { containerInfoSchema, sourcesSchema } from '@/lib/docker/schemas';
import { serviceKinds } from '@/lib/docker/types';
import { healthStatusSchema, reasonSchema } from '@/lib/health/schemas';

/** The reason a service carries when it is Opsdeck itself: the UI offers no action on it. */
export const SELF_REASON_CODE = 'opsdeck_itself';

/** Path parameter of every `/services/{id}` route. */
export const serviceIdParams = z.object({ id: z.string().min(1).max(1024) });

export const eventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const queueStateSchema = z.object({
  value: z.number().nullable(),
  warn: z.number().nullable(),
  critical: z.number().nullable(),
  level: z.enum(['ok', 'warn', 'critical', 'unknown']),
  fetchedAt: z.string().nullable(),
});

export const serviceBackupSchema = z.object({
  /** creation time of the newest backup (undo backups not counted) */
  lastAt: z.string().nullable(),
  /** when the newest restore test (verify) of one of its backups ran */
  lastVerifiedAt: z.string().nullable(),
  /** whether that restore test passed; null when none ran */
  lastVerifyOk: z.boolean().nullable(),
  /** how long it took */
  lastVerifyMs: z.number().nullable(),
  schedule: z
    .object({
      cron: z.string(),
      timezone: z.string(),
      source: z.enum(['label', 'console']),
      verifyCron: z.string().nullable(),
      /** next scheduled backup (jitter applied) */
      nextAt: z.string().nullable(),
    })
    .nullable(),
});

/**
 * A service's image and whether its registry holds a newer one for the same tag. Never a false
 * "up to date": `updateAvailable` is null until a check succeeded for the image that runs now, and
 * a failed check says why in `error`.
 */
export const imageStateSchema = z.object({
  /** the reference the service runs (`registry/repo:tag`), as compose or swarm names it */
  ref: z.string(),
  /** true: the registry's digest for the tag differs from the running image's; null: unknown */
  updateAvailable: z.boolean().nullable(),
  /** when the last check (successful or not) finished */
  checkedAt: z.string().nullable(),
  /** the running image's registry digest */
  currentDigest: z.string().nullable(),
  /** the registry's digest for the tag at `checkedAt` */
  remoteDigest: z.string().nullable(),
  /** why the last check failed (then `updateAvailable` is null) */
  error: z.string().nullable(),
  /**
   * why there is nothing to compare, which is not a failure: the image was built or loaded on the
   * host (no registry digest), or the service runs an image id or a digest-pinned reference
   */
  note: z.string().nullable(),
});

const swarmAvailability = z.enum(['active', 'pause', 'drain', 'unknown']);

/** A swarm task as the manager reports it (every node's). Engine text (errors, node names): untrusted. */
export const swarmTaskSchema = z.object({
  id: z.string(),
  /** `web.2` (replicated: the slot), `web@node` (global) */
  name: z.string(),
  slot: z.number().int().nullable(),
  nodeId: z.string().nullable(),
  /** the node's hostname (with a short id when two nodes share one); null while unassigned */
  node: z.string().nullable(),
  state: z.string(),
  desiredState: z.string(),
  /** the engine's error for the task, such as `no suitable node (insufficient resources on 2 nodes)` */
  error: z.string().nullable(),
  message: z.string().nullable(),
  containerId: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  updatedAt: z.string(),
});

/** A swarm service across its nodes: null for compose services and plain containers. */
export const serviceSwarmSchema = z.object({
  serviceId: z.string(),
  mode: z.enum(['replicated', 'global']),
  /** the engine's UpdateStatus state of the last update or rollback, if any */
  updateStatus: z.string().nullable(),
  /** false until the manager's tasks were read: then only this engine's containers are counted */
  tasksKnown: z.boolean(),
  /** `4 of 4 tasks running on 2 nodes` */
  summary: z.string(),
  /** per node holding a task meant to run: desired vs running, and the node's availability */
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      node: z.string(),
      availability: swarmAvailability,
      desired: z.number().int(),
      running: z.number().int(),
    }),
  ),
  /** the tasks meant to run (desired state running), on every node */
  tasks: z.array(swarmTaskSchema),
});

/** The API's Service: engine state + health + what other sources (Prometheus, backups) add. */
export const serviceSchema = z.object({
  id: z.string(),
  host: z.string(),
  stack: z.string(),
  name: z.string(),
  kind: z.enum(serviceKinds),
  status: healthStatusSchema,
  reasons: z.array(reasonSchema),
  replicas: z.object({ desired: z.number().int(), running: z.number().int(), healthy: z.number().int() }),
  containers: z.array(
    containerInfoSchema.pick({
      id: true,
      name: true,
      replica: true,
      state: true,
      health: true,
      image: true,
      startedAt: true,
      restartCount: true,
      exitCode: true,
    }),
  ),
  /** the image reference and whether its registry has a newer image for the tag */
  image: imageStateSchema,
  labels: z.record(z.string(), z.string()),
  updatedAt: z.string(),
  /** Prometheus: queue depth from the `opsdeck.queue` label; null when the service declares none */
  queue: queueStateSchema.nullable(),
  metrics: z.record(z.string(), z.object({ value: z.number().nullable(), fetchedAt: z.string().nullable() })),
  alerts: z.object({ firing: z.number().int(), pending: z.number().int() }),
  /** `up` of its Prometheus job, null when it declares none or Prometheus is not configured */
  up: z.boolean().nullable(),
  /** backups: newest backup, newest restore test (verify) and its outcome, the schedule in force */
  backup: serviceBackupSchema,
  /** a swarm service's tasks on every node (through the manager); null for other kinds */
  swarm: serviceSwarmSchema.nullable(),
});

/** The service list with the status of every source it was computed from. */
export const servicesAnswerSchema = z.object({
  services: z.array(serviceSchema),
  sources: sourcesSchema,
});

/** One entry of a service's timeline (engine events, jobs, backups, audit). */
export const timelineEventSchema = z.object({
  /** unique across sources: `event-<seq>` (engine, jobs, backups) or `audit-<seq>` */
  id: z.string(),
  seq: z.number().int(),
  serviceId: z.string(),
  containerId: z.string().nullable(),
  containerName: z.string().nullable(),
  kind: z.string(),
  message: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const timelineResponse = z.object({ events: z.array(timelineEventSchema) });

/** Full detail of a service's containers: ports, labels, the last health-check output. */
export const containersResponse = z.object({ containers: z.array(containerInfoSchema) });

/** The kinds of an incident story's entries (`container`: engine events such as die/start/oom). */
export const incidentKinds = [
  'alert',
  'health',
  'action',
  'deploy',
  'backup',
  'probe',
  'silence',
  'container',
  'notification',
] as const;
export type IncidentKind = (typeof incidentKinds)[number];

export const incidentSeverities = ['info', 'warning', 'critical', 'ok'] as const;

/** `kinds=alert,health`: a comma-separated subset of the incident kinds. */
const kindsParam = z
  .string()
  .max(200)
  .transform((s, ctx) => {
    const list = s
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    for (const k of list) {
      if (!(incidentKinds as readonly string[]).includes(k)) {
        ctx.addIssue({ code: 'custom', message: `unknown kind "${k}" (one of ${incidentKinds.join(', ')})` });
        return z.NEVER;
      }
    }
    return list as IncidentKind[];
  });

/** An ISO instant, or a relative age such as `1h`, `30m`, `2d` (before now). */
const sinceParam = z.string().regex(/^(\d+[smhd]|\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2}))$/, {
  message: 'since: an ISO time (2026-11-28T12:00:00Z) or an age such as 30m, 1h, 2d',
});

/** The opaque cursor a page answers with in `next`. */
const cursorParam = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/);

export const timelineQuery = z.object({
  since: sinceParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  kinds: kindsParam.optional(),
  cursor: cursorParam.optional(),
});

/** "What changed": the whole deployment, or one stack. `since` defaults to the last hour. */
export const changesQuery = timelineQuery.extend({
  stack: z.string().min(1).max(255).optional(),
});

const incidentEventBase = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(incidentKinds),
  /** one line, built from untrusted text (labels, annotations, container names): render as text */
  summary: z.string(),
  severity: z.enum(incidentSeverities),
  serviceId: z.string(),
  containerName: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
});

/** One entry of the story; repeats collapse into one entry with `count`, `firstAt` and the `members`. */
export const incidentEventSchema = incidentEventBase.extend({
  count: z.number().int().optional(),
  /** the oldest member's time (`at` is the newest) */
  firstAt: z.string().optional(),
  members: z.array(incidentEventBase).optional(),
});

export const incidentTimelineResponse = z.object({
  events: z.array(incidentEventSchema),
  /** pass as `cursor` for the next (older) page; absent on the last page */
  next: z.string().optional(),
});

export const changesResponse = incidentTimelineResponse.extend({
  since: z.string(),
  /** stack and name of each service an entry belongs to, for display */
  services: z.record(z.string(), z.object({ stack: z.string(), name: z.string(), host: z.string() })),
});
