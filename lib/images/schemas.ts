import { z } from 'zod';
import { imageStateSchema } from '@/lib/services/schemas';

export { imageStateSchema };

export type ImageState = z.infer<typeof imageStateSchema>;

export const imageCheckResponse = z.object({ image: imageStateSchema });

export const pullDeployBody = z.strictObject({
  /** per replica: how long the new container may take to pass the health gate */
  timeoutSeconds: z.number().int().min(5).max(1800).default(60),
});

/** `?host=`: an engine by its OPSDECK_DOCKER_HOSTS name; default the first. */
export const hostQuery = z.object({ host: z.string().min(1).max(100).optional() });

const usage = z.object({
  count: z.number().int(),
  /** bytes on disk */
  size: z.number(),
  /** bytes held by objects nothing uses (what a prune of all of them could free) */
  reclaimable: z.number(),
});

export const diskUsageResponse = z.object({
  host: z.string(),
  images: usage,
  containers: usage,
  volumes: usage,
  buildCache: usage,
  at: z.string(),
});
export type DiskUsage = z.infer<typeof diskUsageResponse>;

export const pruneCandidates = z.object({
  images: z.array(
    z.object({
      id: z.string(),
      tags: z.array(z.string()),
      /** no tag left: a pull moved its tag to a newer image */
      dangling: z.boolean(),
      size: z.number(),
      created: z.string(),
    }),
  ),
  networks: z.array(z.object({ id: z.string(), name: z.string(), driver: z.string() })),
  volumes: z.array(
    z.object({
      name: z.string(),
      /** a named volume (not an anonymous 64-hex one): removed only when chosen by name */
      named: z.boolean(),
      driver: z.string(),
      size: z.number(),
    }),
  ),
});

export const prunePreviewResponse = pruneCandidates.extend({
  host: z.string(),
  /** what is kept and why (in use, Opsdeck's own, built in), counted */
  kept: z.object({ images: z.number().int(), networks: z.number().int(), volumes: z.number().int() }),
  at: z.string(),
});
export type PrunePreview = z.infer<typeof prunePreviewResponse>;

const idList = z.array(z.string().min(1).max(300)).max(1000).default([]);

/** What to remove: each must still be in the dry-run list when the prune runs, or it is skipped. */
export const pruneBody = z.strictObject({
  images: idList,
  networks: idList,
  /** volume names, each chosen explicitly */
  volumes: idList,
});

export const pruneResponse = z.object({
  host: z.string(),
  results: z.array(
    z.object({
      kind: z.enum(['image', 'network', 'volume']),
      id: z.string(),
      outcome: z.enum(['removed', 'skipped', 'failed']),
      reason: z.string().nullable(),
      bytes: z.number(),
    }),
  ),
  reclaimedBytes: z.number(),
});
export type PruneResult = z.infer<typeof pruneResponse>;
