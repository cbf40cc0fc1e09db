import { z } from 'zod';
import { sourceStatusSchema, sourcesSchema } from '@/lib/docker/schemas';
import { serviceSchema, servicesAnswerSchema } from '@/lib/services/schemas';

const seq = z.number().int();

/**
 * What `/api/v1/stream` sends: a `snapshot` on connect (or when a resume is too old), then deltas.
 * The SSE event name is `name`, its id is `seq`, its JSON data is `data`.
 */
export const liveEventSchema = z.discriminatedUnion('name', [
  z.object({ seq, name: z.literal('snapshot'), data: servicesAnswerSchema }),
  z.object({ seq, name: z.literal('service'), data: serviceSchema }),
  z.object({ seq, name: z.literal('removed'), data: z.object({ id: z.string() }) }),
  z.object({ seq, name: z.literal('sources'), data: sourcesSchema }),
]);

/**
 * What a display-only principal (the wall) receives of a service: exactly what the wall draws. No
 * labels (they often hold secrets), no images, no container ids or names, no health-check output;
 * at most the first reason, its message cut before any container-provided text.
 */
export const wallServiceSchema = serviceSchema.pick({
  id: true,
  stack: true,
  name: true,
  status: true,
  reasons: true,
  replicas: true,
  queue: true,
  alerts: true,
  backup: true,
});

/** A source as the wall shows it: status and since when, not the error text (paths, URLs). */
export const wallSourcesSchema = z.record(
  z.string(),
  sourceStatusSchema.pick({ status: true, lastOkAt: true }),
);

/** The stream as a display-only principal receives it. */
export const wallLiveEventSchema = z.discriminatedUnion('name', [
  z.object({
    seq,
    name: z.literal('snapshot'),
    data: z.object({ services: z.array(wallServiceSchema), sources: wallSourcesSchema }),
  }),
  z.object({ seq, name: z.literal('service'), data: wallServiceSchema }),
  z.object({ seq, name: z.literal('removed'), data: z.object({ id: z.string() }) }),
  z.object({ seq, name: z.literal('sources'), data: wallSourcesSchema }),
]);

export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventName = LiveEvent['name'];
/** The JSON data of one kind of live event. */
export type LiveData<N extends LiveEventName> = Extract<LiveEvent, { name: N }>['data'];
export type WallService = z.infer<typeof wallServiceSchema>;
export type WallSources = z.infer<typeof wallSourcesSchema>;
