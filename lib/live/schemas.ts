import { z } from 'zod';
import { sourcesSchema } from '@/lib/docker/schemas';
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

export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventName = LiveEvent['name'];
/** The JSON data of one kind of live event. */
export type LiveData<N extends LiveEventName> = Extract<LiveEvent, { name: N }>['data'];
