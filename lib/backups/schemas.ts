import { z } from 'zod';

/** Path parameter of `/backups/{id}` routes; a malformed id is a 404 like an unknown one. */
export const backupIdParams = z.object({ id: z.string().regex(/^[0-9a-z-]{1,100}$/, 'a backup id') });

export const listBackupsQuery = z.object({
  serviceId: z.string().min(1).max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Docker's own rule for volume names. */
const volumeName = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,200}$/, 'a volume name: letters, digits, _ . - (2–201 characters)');

export const restoreBody = z
  .strictObject({
    target: z.enum(['in-place', 'new-volume']).default('in-place'),
    volumeName: volumeName.optional(),
    /** in place: take an undo backup of the current data first; false skips it (faster, no way back) */
    undo: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    if (b.target === 'new-volume' && !b.volumeName)
      ctx.addIssue({ code: 'custom', path: ['volumeName'], message: 'required when target is new-volume' });
    if (b.target === 'in-place' && b.volumeName)
      ctx.addIssue({ code: 'custom', path: ['volumeName'], message: 'only with target new-volume' });
    if (b.target === 'new-volume' && b.undo !== undefined)
      ctx.addIssue({ code: 'custom', path: ['undo'], message: 'only with target in-place' });
  });

export const uploadQuery = z.object({
  /** the service the uploaded backup belongs to (required: the manifest's claim is not trusted) */
  serviceId: z.string().min(1).max(1024),
});

export const backupSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  service: z.object({ host: z.string(), stack: z.string(), name: z.string() }),
  kind: z.enum(['manual', 'undo', 'upload']),
  createdAt: z.string(),
  bytes: z.number(),
  contentBytes: z.number(),
  files: z.number(),
  sha256: z.string(),
  volumes: z.array(
    z.object({ source: z.string(), type: z.enum(['volume', 'bind']), destination: z.string() }),
  ),
  verifiedAt: z.string().nullable(),
  verifyMessage: z.string().nullable(),
  /** how long the last verify (restore test) took */
  verifyMs: z.number().nullable(),
  status: z.enum(['complete', 'verified', 'verify_failed']),
  undoOf: z.string().nullable(),
  jobId: z.string().nullable(),
});

export type Backup = z.infer<typeof backupSchema>;

export const backupListResponse = z.object({ backups: z.array(backupSchema) });
export const backupResponse = z.object({ backup: backupSchema });
export { jobResponse } from '@/lib/jobs/schemas';

/** PUT /services/{id}/backup-schedule: a schedule set in the console/API wins over the labels. */
export const scheduleBody = z.strictObject({
  /** cron expression (5 fields, or 6 with seconds); checked by the scheduler's parser */
  cron: z.string().trim().min(1).max(200),
  /** IANA time zone */
  timezone: z.string().trim().min(1).max(100).default('UTC'),
  /** up to 6h, e.g. `10m` */
  jitter: z.string().trim().max(20).optional(),
  /** restore test of the newest backup; absent: weekly (`0 4 * * 0`); null: none */
  verifyCron: z.string().trim().min(1).max(200).nullable().optional(),
});

export const scheduleResponse = z.object({
  schedule: z
    .object({
      cron: z.string(),
      timezone: z.string(),
      jitterMs: z.number(),
      verifyCron: z.string().nullable(),
      source: z.enum(['label', 'console']),
      nextAt: z.string().nullable(),
    })
    .nullable(),
  /** what is wrong with the labels' schedule, as text */
  problems: z.array(z.string()),
  /** what the scheduler last did: the slot it handled, the job it started, a note (missed runs) */
  lastRuns: z.array(
    z.object({
      what: z.enum(['backup', 'verify']),
      lastSlot: z.string(),
      lastJobId: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
});
