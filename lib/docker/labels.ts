/**
 * Every label name Opsdeck reads or writes, in one place, so a rename (or a grep for what a label
 * does) touches one file. Tests, demo and bench files may spell them out literally.
 */

/** Set by docker compose on each container it creates. */
export const COMPOSE = {
  prefix: 'com.docker.compose.',
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
} as const;

/** Set by swarm on services (stack) and on task containers. */
export const SWARM = {
  stackNamespace: 'com.docker.stack.namespace',
  serviceId: 'com.docker.swarm.service.id',
  serviceName: 'com.docker.swarm.service.name',
  taskName: 'com.docker.swarm.task.name',
} as const;

/** Labels an operator puts on a service to tell Opsdeck how to treat it. */
export const OPSDECK = {
  prefix: 'opsdeck.',
  port: 'opsdeck.port',
  readyUrl: 'opsdeck.ready.url',
  rollbackGuard: 'opsdeck.rollback.guard',
  mountsExclusive: 'opsdeck.mounts.exclusive',
  prometheusJob: 'opsdeck.prometheus.job',
  queue: 'opsdeck.queue',
  queueWarn: 'opsdeck.queue.warn',
  queueCritical: 'opsdeck.queue.critical',
  metricPrefix: 'opsdeck.metric.',
  /** percent of one core (`80`): the service is always sampled and its CPU shows as a warning above it */
  cpuWarn: 'opsdeck.cpu.warn',
  /** percent of the memory limit (`90`): always sampled, a warning above it */
  memoryWarn: 'opsdeck.memory.warn',
  backupPolicy: 'opsdeck.backup.policy',
  backupKeep: 'opsdeck.backup.keep',
  backupPaths: 'opsdeck.backup.paths',
  backupPre: 'opsdeck.backup.pre',
  backupStop: 'opsdeck.backup.stop',
  backupVerify: 'opsdeck.backup.verify',
  backupMaxAge: 'opsdeck.backup.max-age',
  /** `true`: a backup also copies the service's host bind mounts (host files are not the service's by default) */
  backupBinds: 'opsdeck.backup.binds',
  /** cron expression: Opsdeck backs the service up on it (lib/backups/schedule-policy.ts) */
  backupSchedule: 'opsdeck.backup.schedule',
  /** IANA time zone of the schedule (default UTC) */
  backupTimezone: 'opsdeck.backup.timezone',
  /** duration: each scheduled run starts up to this much later (a fixed offset per service) */
  backupJitter: 'opsdeck.backup.jitter',
  /** cron expression of the restore test of the newest backup (default weekly; `off` for none) */
  backupVerifySchedule: 'opsdeck.backup.verify-schedule',
  /** `keep 7 daily, 4 weekly` (also `last N`, `hourly`, `monthly`): grandfather-father-son retention */
  backupRetention: 'opsdeck.backup.retention',
} as const;

/**
 * Set on Opsdeck's own containers/services (docker-compose.yml, deploy/compose.loopback.yml):
 * `console` or `socket-proxy`. Opsdeck never acts on, backs up or restores what carries it.
 */
export const OPSDECK_ROLE = 'opsdeck.role';
export const OPSDECK_ROLES = ['console', 'socket-proxy'] as const;

/** Labels Opsdeck itself puts on the helper containers and volumes it creates. */
export const OPSDECK_OWN = {
  /** a helper container's purpose; such containers are never shown as services */
  helper: 'opsdeck.helper',
  /** which Opsdeck process created a helper, so only its own leftovers are removed at boot */
  helperOwner: 'opsdeck.helper.owner',
  restoredFrom: 'opsdeck.backup.restored-from',
  throwaway: 'opsdeck.throwaway',
} as const;
