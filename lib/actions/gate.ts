import type { Engine } from '@/lib/docker/engine';
import { OPSDECK } from '@/lib/docker/labels';
import { errorText, hasHealthcheck, sleep, waitHealthy } from '@/lib/docker/wait';
import type { JobContext } from '@/lib/jobs/engine';
import { prometheusClient, sampleValue } from '@/lib/prometheus/client';

export const READY_URL_LABEL = OPSDECK.readyUrl;
export const GUARD_LABEL = OPSDECK.rollbackGuard;

const READY_ATTEMPT_MS = 2000;
const RETRY_MS = 1000;

export interface GateOutcome {
  ok: boolean;
  message: string;
}

/** What the gate will check for a service with these labels, in words (for confirmations and steps). */
export function describeGate(labels: Record<string, string>, imageHasHealthcheck: boolean | null): string[] {
  const out = [
    imageHasHealthcheck === false
      ? 'the new container must stay running (its image declares no HEALTHCHECK)'
      : 'the new container must report healthy (its HEALTHCHECK)',
  ];
  const ready = labels[READY_URL_LABEL];
  if (ready) out.push(`then ${ready} must answer 2xx (${READY_URL_LABEL})`);
  const guard = labels[GUARD_LABEL];
  if (guard)
    out.push(`then the PromQL guard must return a non-empty, non-zero result: ${guard} (${GUARD_LABEL})`);
  return out;
}

/**
 * The health gate a new version must pass before the old one goes: HEALTHCHECK (or staying up),
 * then the declared ready URL, then the declared PromQL guard, all within one deadline.
 */
export async function runGate(
  docker: Engine,
  containerId: string,
  ctx: JobContext,
  timeoutMs: number,
): Promise<GateOutcome> {
  const until = Date.now() + timeoutMs;
  const info = await docker.container(containerId).inspect();
  const labels = info.Config.Labels ?? {};
  ctx.step(
    `Gate: waiting for ${hasHealthcheck(info) ? 'HEALTHCHECK to pass' : 'the container to stay running'}`,
  );
  const health = await waitHealthy(docker, containerId, timeoutMs, ctx.signal);
  if (!health.ok) return { ok: false, message: `health: ${health.message}` };
  const ready = labels[READY_URL_LABEL];
  if (ready) {
    ctx.step(`Gate: waiting for ${ready} to answer 2xx`);
    const r = await waitReadyUrl(ready, until, ctx.signal);
    if (!r.ok) return r;
  }
  const guard = labels[GUARD_LABEL];
  if (guard) {
    ctx.step(`Gate: evaluating PromQL guard ${guard}`);
    const g = await waitGuard(guard, until, ctx.signal);
    if (!g.ok) return g;
  }
  return { ok: true, message: ready || guard ? 'healthy, ready and guard passed' : health.message };
}

async function waitReadyUrl(raw: string, until: number, signal: AbortSignal): Promise<GateOutcome> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `ready: ${READY_URL_LABEL} is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, message: `ready: only http(s) URLs are checked, not ${url.protocol}` };
  let last = 'no answer yet';
  while (Date.now() < until) {
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(READY_ATTEMPT_MS) });
      await res.body?.cancel();
      if (res.status >= 200 && res.status < 300) return { ok: true, message: `ready answered ${res.status}` };
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = errorText(err);
    }
    await sleep(RETRY_MS, signal);
  }
  return { ok: false, message: `ready: ${url.href} did not answer 2xx in time (last: ${last})` };
}

async function waitGuard(expr: string, until: number, signal: AbortSignal): Promise<GateOutcome> {
  const client = prometheusClient();
  if (!client)
    return {
      ok: false,
      message: `guard: the service declares ${GUARD_LABEL} but PROMETHEUS_URL is not configured`,
    };
  let last = 'not evaluated';
  while (Date.now() < until) {
    try {
      const { data } = await client.query(expr);
      const values = data.map((s) => sampleValue(s.value));
      if (values.length > 0 && values.every((v) => v !== null && v !== 0))
        return { ok: true, message: `guard passed (${values.join(', ')})` };
      last = values.length === 0 ? 'empty result' : `values ${values.join(', ')}`;
    } catch (err) {
      last = errorText(err);
    }
    await sleep(RETRY_MS * 2, signal);
  }
  return { ok: false, message: `guard: ${expr} did not pass in time (last: ${last})` };
}
