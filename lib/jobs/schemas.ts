import { z } from 'zod';
import { jobKinds, jobStatuses } from './types';

/** A job as the API answers it (mirrors `Job` in ./types, which the engine keeps). */
export const jobSchema = z.object({
  id: z.string(),
  kind: z.enum(jobKinds),
  serviceId: z.string(),
  params: z.unknown(),
  status: z.enum(jobStatuses),
  steps: z.array(
    z.object({ at: z.string(), message: z.string(), level: z.enum(['info', 'warn', 'error']).optional() }),
  ),
  /** 0..1 */
  progress: z.number(),
  progressDetail: z.object({ done: z.number(), total: z.number(), unit: z.string() }).nullable(),
  error: z.string().nullable(),
  results: z.array(z.object({ target: z.string(), ok: z.boolean(), message: z.string() })),
  actor: z.string(),
  requestId: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
});
export type JobView = z.infer<typeof jobSchema>;

export const jobResponse = z.object({ job: jobSchema });
export const jobListResponse = z.object({ jobs: z.array(jobSchema) });
