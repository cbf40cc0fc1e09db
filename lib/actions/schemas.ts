import { z } from 'zod';
import { jobStatuses } from '@/lib/jobs/types';

const timeoutSeconds = z.number().int().min(5).max(1800);

export const restartBody = z.strictObject({
  /** per replica: how long it may take to be healthy again */
  timeoutSeconds: timeoutSeconds.default(60),
});

export const scaleBody = z.strictObject({
  replicas: z.number().int().min(0, 'replicas cannot be negative'),
  timeoutSeconds: timeoutSeconds.default(60),
});

export const rollbackBody = z.strictObject({
  /** a deploy id from GET …/deploys; default: the previous deploy on another image */
  deployId: z.string().min(1).max(100).optional(),
  timeoutSeconds: timeoutSeconds.default(60),
});

export const deployBody = z.strictObject({
  /** an image already on the service's host (tag or id) */
  image: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/, 'image must be an image reference like name:tag'),
  timeoutSeconds: timeoutSeconds.default(60),
  /** admins only: deploy an image of another repository than the service runs */
  allowOtherRepository: z.boolean().default(false),
});

export const removedResponse = z.object({ removed: z.string() });

/** A compose project name, as compose allows it. */
export const stackParams = z.object({
  stack: z
    .string()
    .min(1)
    .max(200)
    .regex(
      /^[a-z0-9][a-z0-9_.-]*$/,
      'stack must be a compose project name (lowercase letters, digits, _ . -)',
    ),
});

export const stackQuery = z.object({
  /** the engine (OPSDECK_DOCKER_HOSTS name); default the first */
  host: z.string().min(1).max(100).optional(),
});

export const stackBody = z.strictObject({
  /** per service when starting: how long its replicas may take to be healthy */
  timeoutSeconds: timeoutSeconds.default(60),
});

export const stackPreviewResponse = z.object({
  stack: z.string(),
  host: z.string(),
  /** start order (dependencies first); a stop goes the other way */
  services: z.array(
    z.object({ id: z.string(), name: z.string(), containers: z.number(), running: z.number() }),
  ),
  stopOrder: z.string(),
  startOrder: z.string(),
});

export const jobIdParams = z.object({ id: z.uuid() });

export const jobsQuery = z.object({
  serviceId: z.string().min(1).max(1024).optional(),
  status: z.enum(jobStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const deploysQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** One version of a service as it went live: which image and compose config, when, by whom. */
export const deploySchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  image: z.string(),
  imageId: z.string(),
  configHash: z.string().nullable(),
  containerId: z.string().nullable(),
  /** who, when it went through Opsdeck; null for deploys seen on the engine */
  actor: z.string().nullable(),
  jobId: z.string().nullable(),
  at: z.string(),
});
export type Deploy = z.infer<typeof deploySchema>;

export const deploysResponse = z.object({
  deploys: z.array(deploySchema),
  current: z.object({ image: z.string(), imageId: z.string(), configHash: z.string().nullable() }).nullable(),
  /** the default rollback target */
  previousId: z.string().nullable(),
  /** how a rollback or deploy of this service would run, for the confirmation */
  rollback: z.object({
    strategy: z.enum(['blue-green', 'stop-first', 'swarm']),
    reason: z.string().nullable(),
    gate: z.array(z.string()),
  }),
});
export type DeploysView = z.infer<typeof deploysResponse>;
