import type { DockerService, SourceStatus } from '@/lib/docker/types';
import type { HealthStatus, Reason } from './types';

const RESTART_LOOP_COUNT = 3;
const RESTART_LOOP_WINDOW_MS = 10 * 60_000;

export interface Health {
  status: HealthStatus;
  reasons: Reason[];
  replicas: { desired: number; running: number; healthy: number };
}

/**
 * The health of one service from its containers, then made worse (never better) by reasons other
 * sources add. An engine that is unreachable makes every status `unknown`: never a stale green.
 */
export function computeHealth(
  svc: DockerService,
  engine: SourceStatus,
  extraReasons: Reason[] = [],
  now = Date.now(),
  /** the best status another source allows (a failing liveness probe: `down`; not ready: `degraded`) */
  cap?: 'degraded' | 'down',
): Health {
  const local = svc.containers.filter((c) => c.state === 'running');
  const localHealthy = local.filter((c) => c.health === 'healthy' || c.health === 'none');
  // A swarm service counts its tasks on every node (the manager's view); only this engine's
  // containers show their health check, so those not healthy here are taken off the running tasks.
  const tasks = svc.kind === 'swarm' ? svc.swarm?.tasks : undefined;
  const runningCount = tasks ? tasks.running : local.length;
  const healthyCount = tasks
    ? Math.max(0, tasks.running - (local.length - localHealthy.length))
    : localHealthy.length;
  const replicas = { desired: svc.desired, running: runningCount, healthy: healthyCount };
  const reasons: Reason[] = [];
  if (tasks && tasks.running < svc.desired) {
    for (const p of tasks.problems) {
      reasons.push({
        code: 'task_not_running',
        severity: tasks.running === 0 ? 'critical' : 'warning',
        message: `${p.task} ${p.state}${p.reason ? `: ${p.reason}` : ''}`,
      });
    }
  }

  for (const c of svc.containers) {
    const started = c.startedAt ? Date.parse(c.startedAt) : 0;
    if (
      c.state === 'restarting' ||
      (c.restartCount >= RESTART_LOOP_COUNT && now - started < RESTART_LOOP_WINDOW_MS)
    ) {
      reasons.push({
        code: 'restart_loop',
        severity: 'critical',
        message: `${c.name} is restarting (${c.restartCount} restarts)`,
      });
    }
    if (c.oomKilled)
      reasons.push({
        code: 'oom_killed',
        severity: 'critical',
        message: `${c.name} was killed: out of memory`,
      });
    if ((c.state === 'exited' || c.state === 'dead') && c.exitCode !== null && c.exitCode !== 0) {
      reasons.push({
        code: 'exited_nonzero',
        severity: 'critical',
        message: `${c.name} exited with code ${c.exitCode}`,
      });
    }
    if (c.state === 'running' && c.health === 'unhealthy') {
      const out = c.healthLog?.output.trim();
      reasons.push({
        code: 'unhealthy',
        severity: 'critical',
        message: `${c.name} is unhealthy${out ? `: ${out.slice(0, 200)}` : ''}`,
      });
    }
    if (c.state === 'running' && c.health === 'starting') {
      reasons.push({ code: 'starting', severity: 'info', message: `${c.name} health check is starting` });
    }
  }

  let status: HealthStatus;
  if (svc.desired === 0 && runningCount === 0) {
    status = 'down';
    reasons.unshift({
      code: 'scaled_to_zero',
      severity: 'info',
      message: 'No replicas desired (scaled to zero)',
    });
  } else if (runningCount === 0) {
    status = 'down';
    reasons.unshift({
      code: 'no_replicas_running',
      severity: 'critical',
      message: `0 of ${svc.desired} replicas running`,
    });
  } else if (healthyCount >= svc.desired) {
    status = 'healthy';
  } else {
    status = 'degraded';
    if (runningCount < svc.desired) {
      reasons.unshift({
        code: 'replicas_missing',
        severity: 'warning',
        message: `${runningCount} of ${svc.desired} replicas running`,
      });
    }
    if (healthyCount < runningCount) {
      reasons.unshift({
        code: 'replicas_unhealthy',
        severity: 'warning',
        message: `${healthyCount} of ${runningCount} running replicas healthy`,
      });
    }
  }

  reasons.push(...extraReasons);
  if (status === 'healthy' && extraReasons.some((r) => r.severity !== 'info')) status = 'degraded';
  if (cap === 'down' && (status === 'healthy' || status === 'degraded')) status = 'down';
  if (cap === 'degraded' && status === 'healthy') status = 'degraded';

  if (engine.status !== 'ok') {
    const since = engine.lastOkAt ? `; last good data at ${engine.lastOkAt}` : '; no data received yet';
    reasons.unshift({
      code: 'engine_unreachable',
      severity: 'critical',
      message: `Docker engine unreachable${since} (last known status: ${status})`,
    });
    status = 'unknown';
  }
  return { status, reasons, replicas };
}
