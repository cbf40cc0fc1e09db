import { containerIdParams, logsQuerySchema } from '@/lib/logs/schemas';
import { serviceIdParams } from '@/lib/services/schemas';
import { defineOperation, UNKNOWN_SERVICE_ID } from '../operation';

// Logs can hold secrets: a token limited to other services may not read them.
const limit = { refuse: 'This token may not read the logs of this service' };

export const logOps = {
  logsService: defineOperation({
    method: 'GET',
    path: '/api/v1/services/{id}/logs',
    name: 'logs.service',
    permission: 'read',
    tag: 'logs',
    summary: 'Logs of all of a service’s containers, merged (JSON, download, or followed as events)',
    params: serviceIdParams,
    query: logsQuerySchema,
    resolve: { service: 'id', limit },
    example: { params: { id: UNKNOWN_SERVICE_ID }, expect: 404 },
  }),
  logsContainer: defineOperation({
    method: 'GET',
    path: '/api/v1/containers/{containerId}/logs',
    name: 'logs.container',
    permission: 'read',
    tag: 'logs',
    summary: 'Logs of one container (full id or a prefix of at least 6 hex digits)',
    params: containerIdParams,
    query: logsQuerySchema,
    resolve: { container: 'containerId', limit },
    example: { params: { containerId: 'fffffffffff0' }, expect: 404 },
  }),
};
