import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { appendAudit } from '@/lib/audit/append';
import { authenticate } from '@/lib/auth/authenticate';
import { checkCsrf } from '@/lib/auth/csrf';
import { canAdmin, canOperate, canRead, canReadWall, type ServiceTarget } from '@/lib/auth/permissions';
import type { Permission, Principal } from '@/lib/auth/types';
import { AppError, forbidden, unauthorized } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { metrics } from '@/lib/metrics/registry';
import { errorResponse, toAppError } from './errors';
import { parseBody, parseParams, parseQuery } from './parse';
import { clientAddress } from './request-info';

type RouteParams = Record<string, string | string[] | undefined>;
export interface RouteContext {
  params: Promise<RouteParams>;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteSpec<P, Q, B> {
  /** A stable name for metrics and the OpenAPI document, e.g. `services.restart`. */
  name: string;
  permission: Permission;
  params?: P;
  query?: Q;
  body?: B;
  /** Audit action name; every mutating route sets it, so each call lands in the audit log. */
  audit?: string;
  /** The service a request acts on, for token service limits and the audit target. */
  target?: (input: { params: Infer<P>; query: Infer<Q>; body: Infer<B> }) => ServiceTarget | undefined;
  /** Status of a successful JSON answer (default 200). */
  status?: number;
}

export interface HandlerInput<P, Q, B> {
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  /** null only on `public` routes */
  principal: Principal | null;
  request: Request;
  requestId: string;
  target: ServiceTarget | undefined;
}

/**
 * The one handler order: parse (zod) → authenticate → CSRF → authorise → handler → respond,
 * with errors mapped to the envelope, the audit entry written, and the duration recorded.
 */
export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<P, Q, B>, handler: (input: HandlerInput<P, Q, B>) => Promise<Response | unknown>) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = request.headers.get('x-request-id')?.slice(0, 100) || randomUUID();
    let principal: Principal | null = null;
    let target: ServiceTarget | undefined;
    let params: unknown;
    let body: unknown;
    let response: Response;
    try {
      params = await parseParams(spec.params, await context.params);
      principal = await authenticate(request);
      if (spec.permission !== 'public' && !principal) throw unauthorized();
      if (principal) checkCsrf(request, principal);
      // Refuse by scope before reading query and body, so a caller lacking the scope gets 403, not a
      // validation 400; the service limit needs the target and is checked after parsing.
      if (principal && !allowed(spec.permission, { ...principal, services: null }, undefined))
        throw forbidden();
      const query = parseQuery(spec.query, request);
      body = await parseBody(spec.body, request);
      const input = { params, query, body } as { params: Infer<P>; query: Infer<Q>; body: Infer<B> };
      target = spec.target?.(input);
      if (principal && !allowed(spec.permission, principal, target)) throw forbidden();
      const result = await handler({ ...input, principal, request, requestId, target });
      response = result instanceof Response ? result : Response.json(result, { status: spec.status ?? 200 });
    } catch (err) {
      const appError = toAppError(err);
      if (!(err instanceof AppError))
        logger().error({ err, requestId, route: spec.name }, 'unhandled route error');
      response = errorResponse(appError);
    }
    response.headers.set('x-request-id', requestId);
    if (spec.audit) {
      appendAudit({
        actor: principal?.name ?? 'anonymous',
        actorKind: principal?.kind ?? 'anonymous',
        address: clientAddress(request),
        action: spec.audit,
        target: target ? `${target.stack}/${target.name}` : auditTarget(params),
        serviceId: target?.id ?? null,
        params: { params, body },
        result: response.ok ? 'ok' : `error:${response.status}`,
        requestId,
      });
    }
    const seconds = (performance.now() - started) / 1000;
    metrics().httpDuration.labels(request.method, spec.name, String(response.status)).observe(seconds);
    // One line per request, with its id: mutations and errors at info, plain reads at debug.
    const level = spec.audit || response.status >= 400 ? 'info' : 'debug';
    logger()[level](
      {
        requestId,
        route: spec.name,
        method: request.method,
        status: response.status,
        ms: Math.round(seconds * 1000),
        actor: principal?.name,
      },
      'request',
    );
    return response;
  };
}

function allowed(permission: Permission, p: Principal, target: ServiceTarget | undefined): boolean {
  switch (permission) {
    case 'public':
    case 'authenticated':
      return true;
    case 'wall':
      return canReadWall(p);
    case 'read':
      return canRead(p);
    case 'operate':
      return canOperate(p, target);
    case 'admin':
      return canAdmin(p);
  }
}

function auditTarget(params: unknown): string | null {
  if (params && typeof params === 'object') {
    const values = Object.values(params).filter((v) => typeof v === 'string');
    if (values.length > 0) return values.join('/');
  }
  return null;
}
