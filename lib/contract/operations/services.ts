import { rangeQuery } from '@/lib/prometheus/schemas';
import { eventsQuery, serviceIdParams } from '@/lib/services/schemas';
import { defineOperation, UNKNOWN_SERVICE_ID } from '../operation';

const unknownService = { params: { id: UNKNOWN_SERVICE_ID } };

export const serviceOps = {
  servicesList: defineOperation({
    method: 'GET',
    path: '/api/v1/services',
    name: 'services.list',
    permission: 'read',
    tag: 'services',
    summary: 'All services with health, queue, alerts',
  }),
  servicesGet: defineOperation({
    method: 'GET',
    path: '/api/v1/services/{id}',
    name: 'services.get',
    permission: 'read',
    tag: 'services',
    summary: 'One service',
    params: serviceIdParams,
    resolve: { service: 'id' },
    example: unknownService,
  }),
  servicesEvents: defineOperation({
    method: 'GET',
    path: '/api/v1/services/{id}/events',
    name: 'services.events',
    permission: 'read',
    tag: 'services',
    summary: 'The service timeline',
    params: serviceIdParams,
    query: eventsQuery,
    resolve: { service: 'id' },
    example: unknownService,
  }),
  servicesContainers: defineOperation({
    method: 'GET',
    path: '/api/v1/services/{id}/containers',
    name: 'services.containers',
    permission: 'read',
    tag: 'services',
    summary: 'Full detail of a service’s containers',
    params: serviceIdParams,
    resolve: { service: 'id' },
    example: unknownService,
  }),
  stream: defineOperation({
    method: 'GET',
    path: '/api/v1/stream',
    name: 'stream',
    permission: 'wall',
    tag: 'live',
    summary: 'Server-sent events: a snapshot, then service deltas',
    stream: true,
  }),
  servicesMetrics: defineOperation({
    method: 'GET',
    path: '/api/v1/services/{id}/metrics',
    name: 'services.metrics',
    permission: 'read',
    tag: 'services',
    summary: 'A service’s series: queue depth, metric tiles, CPU and memory',
    params: serviceIdParams,
    query: rangeQuery,
    resolve: { service: 'id' },
    example: unknownService,
  }),
};
