import { z } from 'zod';

const point = z.tuple([z.number(), z.number()]);

/** The latest figures of one container or of a service's sum; null = not known (yet). */
export const statsFiguresSchema = z.object({
  /** when the engine took the newest sample (ISO), null before the first */
  at: z.string().nullable(),
  /** percent of ONE core, as `docker stats` shows it (200 = two cores busy) */
  cpuPercent: z.number().nullable(),
  /** working set: usage minus reclaimable page cache */
  memoryBytes: z.number().nullable(),
  memoryLimitBytes: z.number().nullable(),
  netRxBytesPerSecond: z.number().nullable(),
  netTxBytesPerSecond: z.number().nullable(),
  blockReadBytesPerSecond: z.number().nullable(),
  blockWriteBytesPerSecond: z.number().nullable(),
});
export type StatsFigures = z.infer<typeof statsFiguresSchema>;

/** Recent history for sparklines: [unix seconds, value], about one point a second, last 3 minutes. */
export const statsSparkSchema = z.object({ cpu: z.array(point), memory: z.array(point) });

export const statsLevelSchema = z.enum(['ok', 'warn', 'unknown']);
export type StatsLevel = z.infer<typeof statsLevelSchema>;

export const replicaStatsSchema = statsFiguresSchema.extend({
  containerId: z.string(),
  name: z.string(),
  /** `sampling`: a stream is open; `waiting`: all stream slots are taken; `stopped`: not running */
  state: z.enum(['sampling', 'waiting', 'stopped']),
  spark: statsSparkSchema,
});

export const serviceStatsSchema = z.object({
  serviceId: z.string(),
  replicas: z.array(replicaStatsSchema),
  sum: statsFiguresSchema.extend({ spark: statsSparkSchema }),
  /** from the `opsdeck.cpu.warn` / `opsdeck.memory.warn` labels */
  thresholds: z.object({ cpuPercent: z.number().nullable(), memoryPercent: z.number().nullable() }),
  level: statsLevelSchema,
});
export type ServiceStats = z.infer<typeof serviceStatsSchema>;

export const statsSummarySchema = z.object({
  at: z.string().nullable(),
  cpuPercent: z.number().nullable(),
  memoryBytes: z.number().nullable(),
  memoryLimitBytes: z.number().nullable(),
  level: statsLevelSchema,
});
export type StatsSummary = z.infer<typeof statsSummarySchema>;

/** `?services=a,b,c`: the overview rows on screen (at most 100). */
export const statsListQuery = z.object({
  services: z
    .string()
    .max(100_000)
    .transform((s) => [...new Set(s.split(',').filter(Boolean))])
    .pipe(z.array(z.string().min(1).max(1024)).max(100, 'at most 100 services at once')),
});

export const statsListSchema = z.object({ services: z.record(z.string(), statsSummarySchema) });
export type StatsList = z.infer<typeof statsListSchema>;
