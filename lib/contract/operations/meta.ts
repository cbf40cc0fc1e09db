import { defineOperation } from '../operation';

/** Probes and the Prometheus endpoint: outside /api/v1, not in the OpenAPI document. */
export const probeOps = {
  health: defineOperation({
    method: 'GET',
    path: '/api/health',
    name: 'health',
    permission: 'public',
    tag: 'meta',
    summary: 'Liveness: the process serves requests',
  }),
  ready: defineOperation({
    method: 'GET',
    path: '/api/ready',
    name: 'ready',
    permission: 'public',
    tag: 'meta',
    summary: 'Readiness: 200 when the store is open and Docker is reachable, else 503 with reasons',
  }),
  metrics: defineOperation({
    method: 'GET',
    path: '/api/metrics',
    name: 'metrics',
    permission: 'public',
    tag: 'meta',
    summary: 'Prometheus metrics of this process',
  }),
};
