import type { DeploysView } from '@/lib/actions/schemas';
import type { Service } from '@/lib/services/types';

/** What each action will do, in the words the confirmation shows. Pure, so it is unit-tested. */
export function describeRestart(service: Pick<Service, 'kind' | 'stack' | 'name' | 'containers'>): string[] {
  const label = service.stack ? `${service.stack}/${service.name}` : service.name;
  if (service.kind === 'swarm')
    return [
      `Force-updates the swarm service ${label}: the engine replaces every task, following the service's update config.`,
      'The job fails if the update pauses or does not complete in time.',
    ];
  const n = service.containers.length;
  return [
    `Restarts the ${n} container${n === 1 ? '' : 's'} of ${label} one at a time.`,
    'Each must be healthy again (or running, without a HEALTHCHECK) within 60 s before the next one restarts.',
    'If one does not come back, the job stops and fails; the containers not yet restarted are left as they are.',
    ...(n === 1 ? ['With a single replica the service is unavailable while it restarts.'] : []),
  ];
}

export function describeScale(
  service: Pick<Service, 'kind' | 'stack' | 'name' | 'replicas' | 'containers'>,
  to: number,
): string[] {
  const from = service.kind === 'swarm' ? service.replicas.desired : service.containers.length;
  const label = `${service.stack}/${service.name}`;
  if (service.kind === 'swarm') return [`Sets the swarm service ${label} to ${to} replicas (now ${from}).`];
  if (to === from) return [`${label} already has ${to} replica${to === 1 ? '' : 's'}: nothing will change.`];
  if (to > from) {
    const source = service.containers.at(-1)?.name ?? 'an existing replica';
    return [
      `Scales ${label} from ${from} to ${to}: ${to - from} new container${to - from === 1 ? '' : 's'} copied from ${source} (same configuration and compose labels, so docker-compose recognises them).`,
      'Refused if the service publishes a fixed host port, listens on the host network, has a container_name or an exclusive bind mount.',
      'The job waits until the new replicas are healthy.',
    ];
  }
  return [
    `Scales ${label} from ${from} to ${to}: the ${from - to} highest-numbered container${from - to === 1 ? '' : 's'} stop gracefully and are removed.`,
  ];
}

function strategyText(view: DeploysView): string {
  const r = view.rollback;
  if (r.strategy === 'blue-green')
    return 'Blue-green: each new container starts beside the running one, which stops only once the new one passes the gate.';
  if (r.strategy === 'stop-first')
    return `Stop-first (${r.reason ?? 'a second copy would clash'}): each running container stops before its replacement starts, so there is a short gap.`;
  return r.gate[0] ?? "The engine's own rollback.";
}

export function describeRollback(view: DeploysView, targetImage: string): string[] {
  if (view.rollback.strategy === 'swarm')
    return [
      'Asks the engine to roll the swarm service back to its previous spec, and reports its UpdateStatus.',
    ];
  return [
    `Rolls back from ${view.current?.image ?? 'the running image'} to ${targetImage}.`,
    strategyText(view),
    `Gate: ${view.rollback.gate.join('; ')}.`,
    'If the gate fails within the timeout, what runs now is restored and the job fails.',
  ];
}

export function describeDeploy(view: DeploysView, image: string): string[] {
  return [
    `Deploys ${image || '(an image on this host)'} in place of ${view.current?.image ?? 'the running image'}.`,
    strategyText(view),
    `Gate: ${view.rollback.gate.join('; ')}.`,
    `If the gate fails, it rolls back automatically to ${view.current?.image ?? 'what runs now'} and the job fails.`,
  ];
}

/** What a stop or start of one service does, naming its containers (engine names are text). */
export function describeStopStart(
  service: Pick<Service, 'stack' | 'name' | 'containers'>,
  action: 'stop' | 'start',
): string[] {
  const label = service.stack ? `${service.stack}/${service.name}` : service.name;
  const names = service.containers.map((c) => c.name).join(', ');
  return action === 'stop'
    ? [
        `Stops ${label}: ${names}.`,
        'Nothing serves until it is started again; its restart policy does not bring it back.',
      ]
    : [`Starts the stopped containers of ${label} (${names}) and waits until each is healthy.`];
}
