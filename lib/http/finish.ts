import { appendAudit } from '@/lib/audit/append';
import type { ServiceTarget } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import type { OperationSpec } from '@/lib/contract/operation';
import { logger } from '@/lib/log/logger';
import { metrics } from '@/lib/metrics/registry';
import { clientAddress } from './request-info';

export interface Outcome {
  request: Request;
  response: Response;
  requestId: string;
  principal: Principal | null;
  target: ServiceTarget | undefined;
  params: unknown;
  body: unknown;
  started: number;
}

/** After every request: the audit entry (mutations), the duration metric, one log line. */
export function finish(op: Pick<OperationSpec, 'name' | 'audit' | 'auditRedact'>, o: Outcome): void {
  const { request, response, principal, target, requestId } = o;
  // An unauthenticated request that was refused (401, or a public operation's error) changed nothing
  // and anyone can send millions: it is counted in the metric and logged, but does not grow the audit log.
  const anonymousRefusal = !principal && !response.ok;
  if (op.audit && !anonymousRefusal) {
    appendAudit({
      actor: principal?.name ?? 'anonymous',
      actorKind: principal?.kind ?? 'anonymous',
      address: clientAddress(request),
      action: op.audit,
      target: target ? `${target.stack}/${target.name}` : auditTarget(o.params),
      serviceId: target?.id ?? null,
      params: { params: o.params, body: redactFields(o.body, op.auditRedact) },
      result: response.ok ? 'ok' : `error:${response.status}`,
      requestId,
      onBehalfOf: principal?.kind === 'token' ? (principal.createdBy ?? null) : null,
    });
  }
  const seconds = (performance.now() - o.started) / 1000;
  durationOf(request.method, op.name, response.status).observe(seconds);
  // One line per request, with its id: mutations and errors at info, plain reads at debug.
  const level = op.audit || response.status >= 400 ? 'info' : 'debug';
  logger()[level](
    {
      requestId,
      route: op.name,
      method: request.method,
      status: response.status,
      ms: Math.round(seconds * 1000),
      actor: principal?.name,
    },
    'request',
  );
}

type Observer = { observe(value: number): void };
const children = new WeakMap<object, Map<string, Observer>>();

/**
 * The histogram's child for one method, route and status, looked up once: prom-client's `labels()`
 * hashes and validates its arguments on every call, a measurable share of a hot request. Kept per
 * histogram (a registry made anew, in tests, gets fresh children); method, route and status are a
 * small closed set (routes are declared operations, methods what Node accepts, statuses ours).
 */
function durationOf(method: string, route: string, status: number): Observer {
  const histogram = metrics().httpDuration;
  let byKey = children.get(histogram);
  if (!byKey) {
    byKey = new Map();
    children.set(histogram, byKey);
  }
  const key = `${method} ${route} ${status}`;
  let child = byKey.get(key);
  if (!child) {
    child = histogram.labels(method, route, String(status));
    byKey.set(key, child);
  }
  return child;
}

function redactFields(body: unknown, fields: readonly string[] | undefined): unknown {
  if (!fields?.length || !body || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const f of fields) if (f in out) out[f] = '[redacted]';
  return out;
}

function auditTarget(params: unknown): string | null {
  if (params && typeof params === 'object') {
    const values = Object.values(params).filter((v) => typeof v === 'string');
    if (values.length > 0) return values.join('/');
  }
  return null;
}
