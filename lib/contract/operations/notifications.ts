import {
  channelIdParams,
  channelSchema,
  channelsResponse,
  newChannelBody,
  testResult,
} from '@/lib/notifications/schemas';
import { defineOperation } from '../operation';

const UNKNOWN_CHANNEL = { params: { id: 'ch_0000000000000000' } };

export const notificationOps = {
  notificationChannelsList: defineOperation({
    method: 'GET',
    path: '/api/v1/notifications/channels',
    name: 'notifications.channels.list',
    permission: 'admin',
    tag: 'notifications',
    summary: 'Notification channels and their rules (secrets are never returned)',
    response: channelsResponse,
  }),
  notificationChannelsCreate: defineOperation({
    method: 'POST',
    path: '/api/v1/notifications/channels',
    name: 'notifications.channels.create',
    permission: 'admin',
    tag: 'notifications',
    summary: 'Add a channel: webhook (JSON, HMAC-signed), Slack-compatible webhook, or e-mail (SMTP)',
    description:
      'Events: service.down, service.recovered, service.degraded, job.failed, deploy.rolled_back, backup.failed, backup.overdue, verify.failed, engine.unreachable, prometheus.unreachable, and — only for a channel that lists them, since Alertmanager sends Prometheus alerts — alert.firing, alert.resolved (a silenced alert is not sent). A webhook with a `secret` carries `X-Opsdeck-Signature: t=<unix>,sha256=<hex HMAC-SHA256 of "<t>.<body>">`.',
    body: newChannelBody,
    response: channelSchema,
    status: 201,
    audit: 'notifications.channel.create',
    auditRedact: ['url'],
    // fails validation (no events): allowed callers get 400, nothing is created
    example: {
      body: { type: 'webhook', name: 'matrix', url: 'http://127.0.0.1:9/', events: [] },
      expect: 400,
    },
  }),
  notificationChannelsDelete: defineOperation({
    method: 'DELETE',
    path: '/api/v1/notifications/channels/{id}',
    name: 'notifications.channels.delete',
    permission: 'admin',
    tag: 'notifications',
    summary: 'Remove a channel (not one provisioned from OPSDECK_CONFIG)',
    params: channelIdParams,
    status: 204,
    audit: 'notifications.channel.delete',
    example: { ...UNKNOWN_CHANNEL, expect: 404 },
  }),
  notificationChannelsTest: defineOperation({
    method: 'POST',
    path: '/api/v1/notifications/channels/{id}/test',
    name: 'notifications.channels.test',
    permission: 'admin',
    tag: 'notifications',
    summary: 'Send a test notification now (one attempt) and answer its outcome',
    params: channelIdParams,
    response: testResult,
    audit: 'notifications.channel.test',
    example: { ...UNKNOWN_CHANNEL, expect: 404 },
  }),
};
