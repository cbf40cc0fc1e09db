import { serviceStatsSchema, statsListQuery, statsListSchema } from '@/lib/docker-stats/schemas';
import { rangeQuery, seriesSetSchema } from '@/lib/prometheus/schemas';
import {
  changesQuery,
  changesResponse,
  containersResponse,
  eventsQuery,
  incidentTimelineResponse,
  serviceIdParams,
  serviceSchema,
  servicesAnswerSchema,
  timelineQuery,
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
  servicesTimeline: defineOperation({
    method: 'GET',
    path: '/api/v1/services/{id}/timeline',
    name: 'services.timeline',
    permission: 'read',
    tag: 'services',
    summary:
      'The service’s incident story: alerts, health, actions, deploys, backups, probes (newest first, paged)',
    description:
      'Repeats collapse into one entry with `count`, `firstAt` and `members`. Pass `next` back as `cursor` for older entries. Summaries, labels and annotations are untrusted text.',
    params: serviceIdParams,
    query: timelineQuery,
    response: incidentTimelineResponse,
    resolve: { service: 'id' },
    example: { ...unknownService, expect: 404 },
  }),
  timelineChanges: defineOperation({
    method: 'GET',
    path: '/api/v1/timeline',
    name: 'timeline.changes',
    permission: 'read',
    tag: 'services',
    summary: 'What changed (default: the last hour) across every visible service, or one stack',
    query: changesQuery,
    response: changesResponse,
    example: { query: { since: '1h', limit: '1' } },
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
  servicesStats: defineOperation({
    method: 'GET',
    path: '/api/v1/services/{id}/stats',
    name: 'services.stats',
    permission: 'read',
    tag: 'services',
    summary: 'A service’s CPU, memory, network and block IO now, per replica and summed',
    description:
      'From the engine’s stats streams, opened while someone asks (and for 15 s after) and always for ' +
      'services with an `opsdeck.cpu.warn`/`opsdeck.memory.warn` label. The first request waits up to ' +
      '2.5 s for the first CPU figure. Sparklines: about one point a second, last 3 minutes.',
    params: serviceIdParams,
    response: serviceStatsSchema,
    resolve: { service: 'id' },
    example: { ...unknownService, expect: 404 },
  }),
  statsList: defineOperation({
    method: 'GET',
    path: '/api/v1/stats',
    name: 'stats.list',
    permission: 'read',
    tag: 'services',
    summary: 'CPU and memory now of up to 100 services (the overview rows on screen)',
    description:
      'Asking opens the services’ stats streams (closed 15 s after the last ask); a service just asked ' +
      'for has no figures yet (`at: null`) until its first sample. Services the caller may not see, or ' +
      'that do not exist, are left out.',
    query: statsListQuery,
    response: statsListSchema,
    example: { query: { services: UNKNOWN_SERVICE_ID } },
  }),
};
