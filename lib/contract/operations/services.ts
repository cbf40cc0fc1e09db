import { rangeQuery, seriesSetSchema } from '@/lib/prometheus/schemas';
import {
  containersResponse,
  eventsQuery,
  serviceIdParams,
  serviceSchema,
  servicesAnswerSchema,
  timelineResponse,
} from '@/lib/services/schemas';
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
    description:
      'The same bytes are served until something changes: the answer carries an ETag, and a request ' +
      'with a matching If-None-Match gets 304 with no body (poll cheaply).',
    response: servicesAnswerSchema,
    etag: true,
  }),
  servicesGet: defineOperation({
    method: 'GET',
    path: '/api/v1/services/{id}',
    name: 'services.get',
    permission: 'read',
    tag: 'services',
    summary: 'One service',
    params: serviceIdParams,
    response: serviceSchema,
    resolve: { service: 'id' },
    example: { ...unknownService, expect: 404 },
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
    response: timelineResponse,
    resolve: { service: 'id' },
    example: { ...unknownService, expect: 404 },
  }),
  servicesContainers: defineOperation({
    method: 'GET',
    path: '/api/v1/services/{id}/containers',
    name: 'services.containers',
    permission: 'read',
    tag: 'services',
    summary: 'Full detail of a service’s containers',
    params: serviceIdParams,
    response: containersResponse,
    resolve: { service: 'id' },
    example: { ...unknownService, expect: 404 },
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
    response: seriesSetSchema,
    resolve: { service: 'id' },
    example: { ...unknownService, expect: 404 },
  }),
};
