import fs from 'node:fs';
import { env } from '@/lib/config/env';
import { OPSDECK_ROLE, OPSDECK_ROLES } from '@/lib/docker/labels';
import type { DockerService } from '@/lib/docker/types';
import { forbidden } from '@/lib/errors';

/**
 * Opsdeck holds the engine socket and its own database (password hashes, tokens, the audit log):
 * backing it up would hand that database to whoever may download archives, and restarting, scaling,
 * deploying into or restoring over it would let an `operate` token take the console down or replace
 * it. So Opsdeck never acts on itself. This file is the one rule for "is this service Opsdeck?".
 */

const ROLES: readonly string[] = OPSDECK_ROLES;
const CONTAINER_ID = /[0-9a-f]{64}/;

/**
 * Our own container id when we run in a container: mountinfo names the engine's per-container
 * files (`/var/lib/docker/containers/<id>/hostname`), cgroup v1 names `/docker/<id>`. Read once.
 */
function ownContainerId(): string | null {
  for (const file of ['/proc/self/mountinfo', '/proc/self/cgroup']) {
    try {
      const text = fs.readFileSync(file, 'utf8');
      const m = /\/containers\/([0-9a-f]{64})\/|\/docker[-/]([0-9a-f]{64})/.exec(text);
      const id = m?.[1] ?? m?.[2];
      if (id && CONTAINER_ID.test(id)) return id;
    } catch {
      // not Linux, or no /proc: we are not in a container we could recognise
    }
  }
  return null;
}

const holder = globalThis as unknown as { __opsdeckSelfId?: string | null };

function selfContainerId(): string | null {
  if (holder.__opsdeckSelfId === undefined) holder.__opsdeckSelfId = ownContainerId();
  return holder.__opsdeckSelfId;
}

/** `stack/service` globs (`*` matches any run of characters) from OPSDECK_SELF_SERVICES. */
function selfGlobs(): RegExp[] {
  return (env().OPSDECK_SELF_SERVICES ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean)
    .map((g) => new RegExp(`^${g.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
}

/** Whether the service is Opsdeck (the console or its socket proxy), by label, container id or config. */
export function isOpsdeckItself(
  svc: Pick<DockerService, 'stack' | 'name' | 'labels' | 'containers'>,
): boolean {
  const labelled = (labels: Record<string, string> | undefined) =>
    ROLES.includes(labels?.[OPSDECK_ROLE] ?? '');
  if (labelled(svc.labels) || svc.containers.some((c) => labelled(c.labels))) return true;
  const self = selfContainerId();
  if (self && svc.containers.some((c) => c.id === self)) return true;
  const name = `${svc.stack}/${svc.name}`;
  return selfGlobs().some((g) => g.test(name));
}

export const SELF_REFUSAL =
  'This is Opsdeck itself: it never restarts, scales, deploys into, backs up, restores or execs into itself';

/** Every action and backup entry point calls this before it touches the service. */
export function assertNotOpsdeck(svc: Pick<DockerService, 'stack' | 'name' | 'labels' | 'containers'>): void {
  if (isOpsdeckItself(svc)) throw forbidden(SELF_REFUSAL);
}

/** For tests: forget the detected container id. */
export function resetSelfDetection(id?: string | null): void {
  holder.__opsdeckSelfId = id;
}
