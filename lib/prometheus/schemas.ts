import { z } from 'zod';

/** The time windows of the metric charts and sparklines, in seconds. */
export const ranges = { '15m': 900, '1h': 3600, '6h': 6 * 3600, '24h': 24 * 3600 } as const;
export type RangeName = keyof typeof ranges;

export const rangeQuery = z.object({
  range: z.enum(Object.keys(ranges) as [RangeName]).default('1h'),
});

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
