import { z } from 'zod';

export { logsQuerySchema } from './query';

/** Path parameter of `/containers/{containerId}/logs`: a full id or a prefix of at least 6 hex digits. */
export const containerIdParams = z.object({ containerId: z.string().regex(/^[0-9a-f]{6,64}$/i) });
