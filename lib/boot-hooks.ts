import { startDeployRecorder, stopDeployRecorder } from '@/lib/actions/deploys';
import { actionsDb } from '@/lib/actions/schema';
import { auditDb } from '@/lib/audit/schema';
import { authDb } from '@/lib/auth/schema';
import { startBackups, stopBackups } from '@/lib/backups/boot';
import { backupsDb } from '@/lib/backups/schema';
import { startStatsThresholds, stopStatsThresholds } from '@/lib/docker-stats/boot';
import { startImageChecks, stopImageChecks } from '@/lib/images/boot';
import { startJobs, stopJobs } from '@/lib/jobs/boot';
import { jobsDb } from '@/lib/jobs/schema';
import { startNotifications, stopNotifications } from '@/lib/notifications/boot';
import { notificationsDb } from '@/lib/notifications/schema';
import { startProbes, stopProbes } from '@/lib/probes/boot';
import { startPrometheus, stopPrometheus } from '@/lib/prometheus/boot';
import { startIncidentTimeline, stopIncidentTimeline } from '@/lib/services/boot';
import { servicesDb } from '@/lib/services/schema';

/**
 * Every owner's store accessor: boot opens the store and creates or migrates each owner's tables
 * up front, so a broken migration stops the start instead of a later request. The store itself
 * knows no owner; each module adds its accessor here.
 */
export const storeOwners: (() => unknown)[] = [
  servicesDb,
  authDb,
  auditDb,
  jobsDb,
  actionsDb,
  backupsDb,
  notificationsDb,
];

/**
 * What other modules start at boot (job recovery, the deploy recorder, partial-backup cleanup,
 * Prometheus refresher) and stop at shutdown. Each module adds its own entry here; the deploy
 * recorder is lib/actions' own, so the generic job engine does not import a feature to start it.
 */
export const bootHooks: (() => void)[] = [
  startJobs,
  startDeployRecorder,
  startBackups,
  startPrometheus,
  startProbes,
  startNotifications,
  startIncidentTimeline,
  startImageChecks,
  startStatsThresholds,
];
export const shutdownHooks: (() => void)[] = [
  stopStatsThresholds,
  stopImageChecks,
  stopIncidentTimeline,
  stopNotifications,
  stopProbes,
  stopPrometheus,
  stopJobs,
  stopDeployRecorder,
  stopBackups,
];
