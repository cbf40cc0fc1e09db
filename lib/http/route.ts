import type { z } from 'zod';
import { authenticate } from '@/lib/auth/authenticate';
import { checkCsrf } from '@/lib/auth/csrf';
import type { ServiceTarget } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import { env } from '@/lib/config/env';
import type { BodyOf, OperationSpec, ParamsOf, QueryOf } from '@/lib/contract/operation';
import type { DockerService } from '@/lib/docker/types';
import { AppError, forbidden, unauthorized } from '@/lib/errors';
import type { Job } from '@/lib/jobs/types';
import { logger } from '@/lib/log/logger';
import { setStreamOwner } from '@/lib/sse';
import { errorResponse, toAppError } from './errors';
import { finish } from './finish';
import { limitedRequest, parseBody, parseParams, parseQuery } from './parse';
import { jsonResponse } from './raw-body';
import { requestIdOf } from './request-info';
import { enforceLimit, hasScope, type Resolved, resolveTarget, visibleTo } from './resolve';

type RouteParams = Record<string, string | string[] | undefined>;
export interface RouteContext {
  params: Promise<RouteParams>;
}

/** What `resolve` hands the handler: the looked-up service, or the job. */
type ResolvedOf<R> = R extends { job: string }
  ? { job: Job }
  : R extends { service: string } | { container: string }
    ? { service: DockerService }
    : unknown;

export type HandlerInput<O extends OperationSpec> = {
  params: ParamsOf<O>;
  query: QueryOf<O>;
  body: BodyOf<O>;
  /** null only on `public` operations */
  principal: Principal | null;
  request: Request;
  requestId: string;
  /** the service the request touches (token limits, audit), when the operation resolves one */
  target: ServiceTarget | undefined;
  /** for lists: whether this principal may see what happened on a service */
  visible: (serviceId: string) => boolean;
} & ResolvedOf<O['resolve']>;

/** A JSON answer must match the declared response schema; a Response passes as is. */
type Reply<O extends OperationSpec> = O['response'] extends z.ZodType ? z.input<O['response']> : unknown;

const USERS_ONLY = 'API tokens are managed by logged-in users, not by other tokens';

/**
 * Serves one declared operation. The one order: parse params → authenticate → CSRF → refuse by scope
 * (before reading query and body, so a caller lacking the scope gets 403, not a validation 400) →
 * parse query and body → resolve the service once and apply the token's service limit → handler →
 * envelope; then the audit entry, the duration metric and the log line (lib/http/finish.ts).
 */
export function handle<const O extends OperationSpec>(
  op: O,
  handler: (input: HandlerInput<O>) => Promise<Response | Reply<O>>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request.headers.get('x-request-id') ?? undefined);
    let principal: Principal | null = null;
    let resolved: Resolved = { target: undefined };
    let params: unknown;
    let body: unknown;
    let response: Response;
    try {
      params = await parseParams(op.params, await context.params);
      principal = await authenticate(request);
      if (op.permission !== 'public' && !principal) throw unauthorized();
      if (principal) checkCsrf(request, principal);
      if (principal && !hasScope(op.permission, principal)) throw forbidden();
      const query = parseQuery(op.query, request);
      body = await parseBody(op.body, request);
      const input = { params, query, body };
      resolved = await resolveTarget(op.resolve, input);
      if (principal) enforceLimit(op, principal, resolved, input);
      if (op.usersOnly && (!principal || principal.kind === 'token')) throw forbidden(USERS_ONLY);
      // An operation without a JSON body that reads one itself (a backup upload) gets it capped.
      const handlerRequest = op.body ? request : limitedRequest(request, env().OPSDECK_MAX_UPLOAD_BYTES);
      // Any event stream this request opens (live, job, followed logs) counts against its principal.
      setStreamOwner(handlerRequest, principal ? `${principal.kind}:${principal.id}` : 'anonymous');
      const result = await handler({
        ...input,
        ...resolved,
        principal,
        request: handlerRequest,
        requestId,
        visible: visibleTo(principal),
      } as HandlerInput<O>);
      response =
        result instanceof Response ? result : jsonResponse(result, { status: op.status ?? 200 }, request);
    } catch (err) {
      if (!(err instanceof AppError))
        logger().error({ err, requestId, route: op.name }, 'unhandled route error');
      response = errorResponse(toAppError(err));
    }
    response.headers.set('x-request-id', requestId);
    finish(op, { request, response, requestId, principal, target: resolved.target, params, body, started });
    return response;
  };
}
