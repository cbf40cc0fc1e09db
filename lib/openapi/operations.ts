/**
 * Every `app/api/v1/**` operation, one entry each — the OpenAPI document (`/api/v1/openapi.json`)
 * and the permission-matrix test (tests/integration/access-matrix.test.ts) are built from this list.
 *
 * Adding a route? Append one entry:
 *   - `path` in OpenAPI form (`/api/v1/services/{id}/restart`), the same `name`, `permission` and
 *     zod schemas (`params`, `query`, `body`, `response`) the route's `defineRoute` uses — import them
 *     from the module's `schemas.ts`, never copy them;
 *   - `example`: a request that is valid but harmless (e.g. an unknown service id), so an allowed
 *     caller gets 2xx/400/404/409 and nothing changes; the matrix test sends it as every role;
 *   - `usersOnly` when token principals are refused whatever their scopes;
 *   - `stream` for text/event-stream answers.
 * A test fails when a route file exports a method that has no entry here.
 */
import { z } from 'zod';
import {
  deployBody,
  deploysQuery,
  jobIdParams,
  jobsQuery,
  restartBody,
  rollbackBody,
  scaleBody,
} from '@/lib/actions/schemas';
import { auditListResponse, auditQuery, auditVerifyResponse } from '@/lib/audit/schemas';
import {
  createTokenBody,
  createTokenResponse,
  createUserBody,
  idParams,
  listTokensResponse,
  listUsersResponse,
  loginBody,
  loginResponse,
  meResponse,
  okResponse,
  updateUserBody,
  userResponse,
} from '@/lib/auth/schemas';
import type { Permission } from '@/lib/auth/types';
import {
  backupIdParams,
  backupListResponse,
  backupResponse,
  jobResponse,
  listBackupsQuery,
  restoreBody,
  uploadQuery,
} from '@/lib/backups/schemas';
import { containerIdParams, logsQuerySchema } from '@/lib/logs/schemas';
import { rangeQuery } from '@/lib/prometheus/series';
import { newSilenceInput } from '@/lib/prometheus/silences';
import { eventsQuery, serviceIdParams } from '@/lib/services/schemas';
import { openApiDocumentSchema } from './schemas';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Operation {
  method: HttpMethod;
  path: string;
  name: string;
  permission: Permission;
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  /** status of a successful answer (default 200) */
  status?: number;
  example?: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };
  usersOnly?: boolean;
  stream?: boolean;
}

/** A service id that is well-formed but names nothing: allowed callers get 404, nothing changes. */
export const UNKNOWN_SERVICE_ID = Buffer.from('nohost\u0000nostack\u0000noservice').toString('base64url');
const unknownId = '00000000-0000-4000-8000-000000000000';
/** A well-formed backup id that names nothing. */
const UNKNOWN_BACKUP_ID = '20000101-000000-000000';

export const operations: Operation[] = [
  // ── auth ──
  {
    method: 'POST',
    path: '/api/v1/auth/login',
    name: 'auth.login',
    permission: 'public',
    tag: 'auth',
    summary: 'Log in: sets the HttpOnly session cookie',
    description: 'Rate-limited: 429 with Retry-After after 10 failures in 15 minutes per user or address.',
    body: loginBody,
    response: loginResponse,
    example: { body: { username: '', password: '' } },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    name: 'auth.logout',
    permission: 'authenticated',
    tag: 'auth',
    summary: 'Log out: ends the session',
    response: okResponse,
  },
  {
    method: 'GET',
    path: '/api/v1/auth/me',
    name: 'auth.me',
    permission: 'authenticated',
    tag: 'auth',
    summary: 'Who am I: the principal of this request',
    response: meResponse,
  },
  // ── tokens ──
  {
    method: 'GET',
    path: '/api/v1/tokens',
    name: 'tokens.list',
    permission: 'read',
    tag: 'tokens',
    summary: 'API tokens (no secrets): yours, or all for admins',
    response: listTokensResponse,
    usersOnly: true,
  },
  {
    method: 'POST',
    path: '/api/v1/tokens',
    name: 'tokens.create',
    permission: 'read',
    tag: 'tokens',
    summary: 'Mint an API token (its secret is shown once)',
    description:
      'Only scopes you hold yourself; `services` limits it to service ids, `stack/service` or stacks.',
    body: createTokenBody,
    response: createTokenResponse,
    status: 201,
    usersOnly: true,
    // Valid for the schema, refused by the handler: an expiry in the past mints nothing.
    example: { body: { name: 'matrix', scopes: ['read'], expiresAt: '2000-01-01T00:00:00Z' } },
  },
  {
    method: 'DELETE',
    path: '/api/v1/tokens/{id}',
    name: 'tokens.revoke',
    permission: 'read',
    tag: 'tokens',
    summary: 'Revoke an API token (yours; any for admins)',
    params: idParams,
    response: okResponse,
    usersOnly: true,
    example: { params: { id: unknownId } },
  },
  // ── users ──
  {
    method: 'GET',
    path: '/api/v1/users',
    name: 'users.list',
    permission: 'admin',
    tag: 'users',
    summary: 'Local users',
    response: listUsersResponse,
  },
  {
    method: 'POST',
    path: '/api/v1/users',
    name: 'users.create',
    permission: 'admin',
    tag: 'users',
    summary: 'Create a local user',
    body: createUserBody,
    response: userResponse,
    status: 201,
    example: { body: { username: '', password: 'x', role: 'viewer' } },
  },
  {
    method: 'PATCH',
    path: '/api/v1/users/{id}',
    name: 'users.update',
    permission: 'admin',
    tag: 'users',
    summary: 'Change a user’s role, password or disabled flag (ends their sessions on password/disable)',
    params: idParams,
    body: updateUserBody,
    response: userResponse,
    example: { params: { id: unknownId }, body: { role: 'viewer' } },
  },
  {
    method: 'DELETE',
    path: '/api/v1/users/{id}',
    name: 'users.delete',
    permission: 'admin',
    tag: 'users',
    summary: 'Delete a user (never the last enabled admin)',
    params: idParams,
    response: okResponse,
    example: { params: { id: unknownId } },
  },
  // ── audit ──
  {
    method: 'GET',
    path: '/api/v1/audit',
    name: 'audit.list',
    permission: 'admin',
    tag: 'audit',
    summary: 'Audit log, newest first; page with `before=<nextBefore>`',
    query: auditQuery,
    response: auditListResponse,
  },
  {
    method: 'GET',
    path: '/api/v1/audit/verify',
    name: 'audit.verify',
    permission: 'admin',
    tag: 'audit',
    summary: 'Recompute the audit hash chain',
    response: auditVerifyResponse,
  },
  {
    method: 'GET',
    path: '/api/v1/openapi.json',
    name: 'openapi',
    permission: 'public',
    tag: 'meta',
    summary: 'This document (OpenAPI 3.1)',
    response: openApiDocumentSchema,
  },
  // ── services ──
  {
    method: 'GET',
    path: '/api/v1/services',
    name: 'services.list',
    permission: 'read',
    tag: 'services',
    summary: 'All services with health, queue, alerts',
  },
  {
    method: 'GET',
    path: '/api/v1/services/{id}',
    name: 'services.get',
    permission: 'read',
    tag: 'services',
    summary: 'One service',
    params: serviceIdParams,
    example: { params: { id: UNKNOWN_SERVICE_ID } },
  },
  {
    method: 'GET',
    path: '/api/v1/services/{id}/events',
    name: 'services.events',
    permission: 'read',
    tag: 'services',
    summary: 'The service timeline',
    params: serviceIdParams,
    query: eventsQuery,
    example: { params: { id: UNKNOWN_SERVICE_ID } },
  },
  {
    method: 'GET',
    path: '/api/v1/services/{id}/containers',
    name: 'services.containers',
    permission: 'read',
    tag: 'services',
    summary: 'Full detail of a service’s containers',
    params: serviceIdParams,
    example: { params: { id: UNKNOWN_SERVICE_ID } },
  },
  {
    method: 'GET',
    path: '/api/v1/stream',
    name: 'stream',
    permission: 'wall',
    tag: 'live',
    summary: 'Server-sent events: a snapshot, then service deltas',
    stream: true,
  },
  {
    method: 'GET',
    path: '/api/v1/services/{id}/metrics',
    name: 'services.metrics',
    permission: 'read',
    tag: 'services',
    summary: 'A service’s series: queue depth, metric tiles, CPU and memory',
    params: serviceIdParams,
    query: rangeQuery,
    example: { params: { id: UNKNOWN_SERVICE_ID } },
  },
  // ── logs ──
  {
    method: 'GET',
    path: '/api/v1/services/{id}/logs',
    name: 'logs.service',
    permission: 'read',
    tag: 'logs',
    summary: 'Logs of all of a service’s containers, merged (JSON, download, or followed as events)',
    params: serviceIdParams,
    query: logsQuerySchema,
    example: { params: { id: UNKNOWN_SERVICE_ID } },
  },
  {
    method: 'GET',
    path: '/api/v1/containers/{containerId}/logs',
    name: 'logs.container',
    permission: 'read',
    tag: 'logs',
    summary: 'Logs of one container (full id or a prefix of at least 6 hex digits)',
    params: containerIdParams,
    query: logsQuerySchema,
    example: { params: { containerId: 'fffffffffff0' } },
  },
  // ── alerts and queues ──
  {
    method: 'GET',
    path: '/api/v1/alerts',
    name: 'alerts.list',
    permission: 'wall',
    tag: 'alerts',
    summary: 'Firing and pending alerts (the wall may read them)',
  },
  {
    method: 'GET',
    path: '/api/v1/queues/sparklines',
    name: 'queues.sparklines',
    permission: 'wall',
    tag: 'alerts',
    summary: 'Every service’s queue history in one answer, for sparklines',
    query: rangeQuery,
  },
  {
    method: 'GET',
    path: '/api/v1/silences',
    name: 'silences.list',
    permission: 'read',
    tag: 'alerts',
    summary: 'Active and pending Alertmanager silences',
  },
  {
    method: 'POST',
    path: '/api/v1/silences',
    name: 'silences.create',
    permission: 'operate',
    tag: 'alerts',
    summary: 'Create a silence (service-limited callers must pin their service in the matchers)',
    body: newSilenceInput,
    response: z.object({ id: z.string() }),
    status: 201,
    // Fails validation (no matchers): allowed callers get 400, nothing is silenced.
    example: { body: { matchers: [], comment: 'matrix' } },
  },
  {
    method: 'DELETE',
    path: '/api/v1/silences/{id}',
    name: 'silences.expire',
    permission: 'operate',
    tag: 'alerts',
    summary: 'Expire a silence',
    params: z.object({ id: z.string().min(1).max(64) }),
    status: 204,
    example: { params: { id: 'matrix-unknown-silence' } },
  },
  // ── actions (jobs) ──
  {
    method: 'POST',
    path: '/api/v1/services/{id}/restart',
    name: 'services.restart',
    permission: 'operate',
    tag: 'actions',
    summary: 'Rolling restart (compose: one replica at a time, healthy before the next; swarm: force update)',
    description:
      'Answers 202 with the job; 409 `{error:{code:"conflict",jobId}}` while another job runs on the service. An `Idempotency-Key` header returns the same job for a retried request.',
    params: serviceIdParams,
    body: restartBody,
    status: 202,
    example: { params: { id: UNKNOWN_SERVICE_ID }, body: {} },
  },
  {
    method: 'POST',
    path: '/api/v1/services/{id}/scale',
    name: 'services.scale',
    permission: 'operate',
    tag: 'actions',
    summary: 'Scale a compose service (clone a replica / remove the highest numbers) or a swarm service',
    params: serviceIdParams,
    body: scaleBody,
    status: 202,
    example: { params: { id: UNKNOWN_SERVICE_ID }, body: { replicas: 1 } },
  },
  {
    method: 'POST',
    path: '/api/v1/services/{id}/rollback',
    name: 'services.rollback',
    permission: 'operate',
    tag: 'actions',
    summary: 'Roll back to an earlier deploy (default the previous), gated on health; swarm: engine rollback',
    params: serviceIdParams,
    body: rollbackBody,
    status: 202,
    example: { params: { id: UNKNOWN_SERVICE_ID }, body: {} },
  },
  {
    method: 'POST',
    path: '/api/v1/services/{id}/deploy',
    name: 'services.deploy',
    permission: 'operate',
    tag: 'actions',
    summary:
      'Gated deploy of a compose service to a local image, rolling back automatically when the gate fails',
    params: serviceIdParams,
    body: deployBody,
    status: 202,
    example: { params: { id: UNKNOWN_SERVICE_ID }, body: { image: 'opsdeck-demo/busybox:1' } },
  },
  {
    method: 'GET',
    path: '/api/v1/services/{id}/deploys',
    name: 'services.deploys',
    permission: 'read',
    tag: 'actions',
    summary: 'Deploy history, the current version and how a rollback would run',
    params: serviceIdParams,
    query: deploysQuery,
    example: { params: { id: UNKNOWN_SERVICE_ID } },
  },
  {
    method: 'POST',
    path: '/api/v1/containers/{containerId}/restart',
    name: 'containers.restart',
    permission: 'operate',
    tag: 'actions',
    summary: 'Restart one container and wait for it to be healthy',
    params: containerIdParams,
    body: restartBody,
    status: 202,
    example: { params: { containerId: 'ffffffffffff0000' }, body: {} },
  },
  {
    method: 'GET',
    path: '/api/v1/jobs',
    name: 'jobs.list',
    permission: 'read',
    tag: 'actions',
    summary: 'Jobs, newest first, by service and status',
    query: jobsQuery,
  },
  {
    method: 'GET',
    path: '/api/v1/jobs/{id}',
    name: 'jobs.get',
    permission: 'read',
    tag: 'actions',
    summary: 'One job with its steps, progress and per-target results',
    params: jobIdParams,
    example: { params: { id: unknownId } },
  },
  {
    method: 'GET',
    path: '/api/v1/jobs/{id}/stream',
    name: 'jobs.stream',
    permission: 'read',
    tag: 'actions',
    summary: 'Server-sent events: `job` on every change, ending after the final state',
    params: jobIdParams,
    example: { params: { id: unknownId } },
    stream: true,
  },
  // ── backups ──
  {
    method: 'POST',
    path: '/api/v1/services/{id}/backups',
    name: 'backups.create',
    permission: 'operate',
    tag: 'backups',
    summary: 'Back up the service now (named volumes and bind mounts): 202 with the job',
    description:
      'Runs `opsdeck.backup.pre` in a running container, stops the service with `opsdeck.backup.stop=true`, streams each mount into a gzip archive, writes the manifest last and lists the backup only once complete. Honours Idempotency-Key.',
    params: serviceIdParams,
    response: jobResponse,
    status: 202,
    example: { params: { id: UNKNOWN_SERVICE_ID } },
  },
  {
    method: 'GET',
    path: '/api/v1/services/{id}/backups',
    name: 'backups.of-service',
    permission: 'read',
    tag: 'backups',
    summary: 'The service’s backups, newest first',
    params: serviceIdParams,
    response: backupListResponse,
    example: { params: { id: UNKNOWN_SERVICE_ID } },
  },
  {
    method: 'GET',
    path: '/api/v1/backups',
    name: 'backups.list',
    permission: 'read',
    tag: 'backups',
    summary: 'The backup catalog, newest first, optionally for one service',
    query: listBackupsQuery,
    response: backupListResponse,
  },
  {
    method: 'POST',
    path: '/api/v1/backups',
    name: 'backups.upload',
    permission: 'operate',
    tag: 'backups',
    summary: 'Upload a backup tar (as downloaded): listed only when every archive matches its manifest',
    description:
      'Body: `application/x-tar` holding manifest.json and volume-N.tar.gz. 201 with the backup; 400 when the tar or a checksum does not match.',
    query: uploadQuery,
    response: backupResponse,
    status: 201,
    example: { query: { serviceId: UNKNOWN_SERVICE_ID } },
  },
  {
    method: 'GET',
    path: '/api/v1/backups/{id}',
    name: 'backups.get',
    permission: 'read',
    tag: 'backups',
    summary: 'One backup',
    params: backupIdParams,
    response: backupResponse,
    example: { params: { id: UNKNOWN_BACKUP_ID } },
  },
  {
    method: 'DELETE',
    path: '/api/v1/backups/{id}',
    name: 'backups.delete',
    permission: 'admin',
    tag: 'backups',
    summary: 'Delete a backup (409 while a job uses it)',
    params: backupIdParams,
    response: backupResponse,
    example: { params: { id: UNKNOWN_BACKUP_ID } },
  },
  {
    method: 'POST',
    path: '/api/v1/backups/{id}/verify',
    name: 'backups.verify',
    permission: 'operate',
    tag: 'backups',
    summary:
      'Verify: checksums, archive listing, and the service’s `opsdeck.backup.verify` check on a throwaway restore',
    params: backupIdParams,
    response: jobResponse,
    status: 202,
    example: { params: { id: UNKNOWN_BACKUP_ID } },
  },
  {
    method: 'POST',
    path: '/api/v1/backups/{id}/restore',
    name: 'backups.restore',
    permission: 'admin',
    tag: 'backups',
    summary: 'Restore in place (undo backup first, stop, replace, start, wait healthy) or into a new volume',
    description:
      'When the service does not become healthy the job fails naming the undo backup; restoring that backup (same route) undoes the restore. 409 while another job runs on the service or when the new volume exists.',
    params: backupIdParams,
    body: restoreBody,
    response: jobResponse,
    status: 202,
    example: { params: { id: UNKNOWN_BACKUP_ID }, body: {} },
  },
  {
    method: 'GET',
    path: '/api/v1/backups/{id}/download',
    name: 'backups.download',
    permission: 'operate',
    tag: 'backups',
    summary: 'Download the backup as one tar (manifest.json + archives), streamed',
    params: backupIdParams,
    example: { params: { id: UNKNOWN_BACKUP_ID } },
  },
];
