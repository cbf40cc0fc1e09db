import { hostsAnswerSchema } from '@/lib/hosts/schemas';
import { defineOperation } from '../operation';

export const hostOps = {
  hostsList: defineOperation({
    method: 'GET',
    path: '/api/v1/hosts',
    name: 'hosts.list',
    permission: 'read',
    tag: 'services',
    summary: 'Every configured Docker engine: reachable, version, last good data, containers and services',
    description:
      'Read from the inventory (no engine call per request): an unreachable engine shows its last good time and error, and only its own services turn stale/unknown. Counts cover the services the caller may see. `error` is engine or transport text (untrusted).',
    response: hostsAnswerSchema,
  }),
};
