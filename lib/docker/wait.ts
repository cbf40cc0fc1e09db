import type { Engine } from './engine';
import type { ContainerInspect } from './engine-types';

export interface WaitOutcome {
  ok: boolean;
  message: string;
}

/** How long a container without a HEALTHCHECK must stay running before it counts as up. */
const STABLE_RUNNING_MS = 1500;
/** Poll fast while a container usually comes up, then back off so long waits cost the engine little. */
const pollMs = (elapsedMs: number) => (elapsedMs < 5000 ? 50 : 250);

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error('aborted'));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function hasHealthcheck(info: ContainerInspect): boolean {
  const test = (info.Config as { Healthcheck?: { Test?: string[] } }).Healthcheck?.Test;
  return Array.isArray(test) && test.length > 0 && test[0] !== 'NONE';
}

/**
 * Waits until a container is up: healthy when it has a HEALTHCHECK, else running for a moment
 * without restarting. Fails early when it exits or turns unhealthy, and at the timeout.
 */
export async function waitHealthy(
  docker: Engine,
  containerId: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<WaitOutcome> {
  const started = Date.now();
  const until = started + timeoutMs;
  let last = 'not inspected yet';
  while (Date.now() < until) {
    let info: ContainerInspect;
    try {
      info = await docker.container(containerId).inspect();
    } catch (err) {
      return { ok: false, message: inspectFailure(err) };
    }
    const s = info.State;
    if (s.Status === 'exited' || s.Status === 'dead')
      return { ok: false, message: `exited with code ${s.ExitCode}` };
    if (hasHealthcheck(info)) {
      const health = s.Health?.Status ?? 'starting';
      if (s.Running && health === 'healthy') return { ok: true, message: 'healthy' };
      if (health === 'unhealthy') {
        const output = s.Health?.Log?.at(-1)?.Output?.trim().slice(0, 300) ?? '';
        return { ok: false, message: `unhealthy${output ? `: ${output}` : ''}` };
      }
      last = `health ${health}`;
    } else if (s.Running && !s.Restarting) {
      const runningFor = Date.now() - Date.parse(s.StartedAt);
      if (runningFor >= STABLE_RUNNING_MS) return { ok: true, message: 'running (no HEALTHCHECK declared)' };
      last = 'running, waiting to see it stays up';
    } else {
      last = s.Status;
    }
    await sleep(pollMs(Date.now() - started), signal);
  }
  return { ok: false, message: `not healthy within ${Math.round(timeoutMs / 1000)} s (last: ${last})` };
}

/**
 * Why an inspect failed, as an operator should read it: a 404 is the container gone; no HTTP answer at
 * all is the engine gone (stopped, socket closed), and then the container's state is unknown.
 */
function inspectFailure(err: unknown): string {
  if (isNotFound(err)) return `container is gone: ${errorText(err)}`;
  if ((err as { statusCode?: number } | null)?.statusCode === undefined)
    return `the Docker engine stopped answering (${errorText(err)}); the container's state is unknown`;
  return `inspecting the container failed: ${errorText(err)}`;
}

export function errorText(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { json?: { message?: string }; reason?: string; message?: string };
    if (e.json?.message) return e.json.message;
    if (e.message) return e.message.replace(/^\(HTTP code \d+\)\s*\S+\s*-\s*/, '').trim();
  }
  return String(err);
}

export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 404;
}
