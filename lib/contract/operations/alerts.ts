import { newSilenceInput, rangeQuery, silenceCreated, silenceIdParams } from '@/lib/prometheus/schemas';
import { defineOperation } from '../operation';

export const alertOps = {
  alertsList: defineOperation({
    method: 'GET',
    path: '/api/v1/alerts',
    name: 'alerts.list',
    permission: 'wall',
    tag: 'alerts',
    summary: 'Firing and pending alerts (the wall may read them)',
  }),
  queuesSparklines: defineOperation({
    method: 'GET',
    path: '/api/v1/queues/sparklines',
    name: 'queues.sparklines',
    permission: 'wall',
    tag: 'alerts',
    summary: 'Every service’s queue history in one answer, for sparklines',
    query: rangeQuery,
  }),
  silencesList: defineOperation({
    method: 'GET',
    path: '/api/v1/silences',
    name: 'silences.list',
    permission: 'read',
    tag: 'alerts',
    summary: 'Active and pending Alertmanager silences',
  }),
  silencesCreate: defineOperation({
    method: 'POST',
    path: '/api/v1/silences',
    name: 'silences.create',
    permission: 'operate',
    tag: 'alerts',
    summary: 'Create a silence (service-limited callers must pin their service in the matchers)',
    body: newSilenceInput,
    response: silenceCreated,
    status: 201,
    audit: 'silence.create',
    resolve: { names: 'service', field: 'serviceId', in: 'body' },
    // Fails validation (no matchers): allowed callers get 400, nothing is silenced.
    example: { body: { matchers: [], comment: 'matrix' } },
  }),
  silencesExpire: defineOperation({
    method: 'DELETE',
    path: '/api/v1/silences/{id}',
    name: 'silences.expire',
    permission: 'operate',
    tag: 'alerts',
    summary: 'Expire a silence',
    params: silenceIdParams,
    status: 204,
    audit: 'silence.expire',
    example: { params: { id: 'matrix-unknown-silence' } },
  }),
};
