import { z } from 'zod';

/** Path parameter of every `/services/{id}` route. */
export const serviceIdParams = z.object({ id: z.string().min(1).max(1024) });

export const eventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
