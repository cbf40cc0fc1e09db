/**
 * One declaration per API operation: the route handler (`handle` in lib/http), the OpenAPI document,
 * the permission-matrix test and the UI's typed client all read it. Only zod and pure schema modules
 * may be imported here: client components import the contract.
 */
import type { z } from 'zod';
import type { Permission } from '@/lib/auth/types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How an operation finds the service it touches; `handle` resolves it once, before the handler.
 * Reads look the service up (404 when unknown) and hand it to the handler. Writes only name it (the id
 * is decoded, nothing looked up): the action looks the service up itself, after its idempotency check.
 */
export type Resolve =
  /** a path param holding a service id; looked up, the handler gets `service` */
  | { service: string; limit?: ReadLimit }
  /** a path param holding a container id (or prefix); its service is looked up, the handler gets `service` */
  | { container: string; limit?: ReadLimit }
  /** a path param holding a job id; looked up, the handler gets `job`, its service is the target */
  | { job: string; limit?: ReadLimit }
  /** a write names its service: by id (in params, query or body), by a container, or by a backup */
  | { names: 'service'; field: string; in?: 'params' | 'query' | 'body' }
  | { names: 'container' | 'backup'; field: string };

/**
 * What a read does when the service is outside a token's service limit: `refuse` (403, with
 * `refusal` as the message) or `hide` (404, as if it did not exist), the default: every read that
 * resolves a service is limited.
 */
export type ReadLimit = { refuse: string } | 'hide';

export interface OperationSpec {
  method: HttpMethod;
  /** OpenAPI form: `/api/v1/services/{id}/restart` */
  path: string;
  /** stable name: the OpenAPI operationId, the metrics label, the log line's `route` */
  name: string;
  permission: Permission;
  tag: string;
  summary: string;
  description?: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** the JSON answer; wire types are `z.infer` of it */
  response?: z.ZodType;
  /** status of a successful answer (default 200) */
  status?: number;
  /** audit action name: every mutating operation sets it, so each call lands in the audit log */
  audit?: string;
  /**
   * Body fields the audit entry leaves out (`[redacted]`) besides those named like a secret
   * (password, secret, token): a Slack webhook URL carries its token in the path.
   */
  auditRedact?: readonly string[];
  resolve?: Resolve;
  /**
   * A request that is valid but harmless (e.g. an unknown service id), so nothing changes; the
   * permission-matrix test sends it as every role. `expect` is the exact status an allowed caller
   * gets for it (default: `status`, else 200), so a broken handler's 404/500/502 cannot pass as "allowed".
   */
  example?: {
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
    expect?: number;
  };
  /** token principals are refused (403) whatever their scopes */
  usersOnly?: boolean;
  /** a text/event-stream answer */
  stream?: boolean;
  /** answers with an ETag; a GET with a matching If-None-Match gets 304 and no body */
  etag?: boolean;
}

/** Declares an operation, keeping the literal types (`resolve`, schemas) that handlers and clients infer from. */
export function defineOperation<const S extends OperationSpec>(spec: S): S {
  return spec;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
type Input<S> = S extends z.ZodType ? z.input<S> : undefined;

export type ParamsOf<O extends OperationSpec> = Infer<O['params']>;
export type QueryOf<O extends OperationSpec> = Infer<O['query']>;
export type BodyOf<O extends OperationSpec> = Infer<O['body']>;
/** What the server answers (and the client receives); `unknown` where no response schema is declared. */
export type ResponseOf<O extends OperationSpec> = O['response'] extends z.ZodType
  ? z.output<O['response']>
  : unknown;

/** What a client sends: the schemas' input side (defaults may be left out). */
export interface CallInput<O extends OperationSpec> {
  params: Input<O['params']>;
  query: Input<O['query']>;
  body: Input<O['body']>;
}

/** Test/matrix values: a well-formed service id that names nothing (base64url of `nohost\0nostack\0noservice`). */
export const UNKNOWN_SERVICE_ID = 'bm9ob3N0AG5vc3RhY2sAbm9zZXJ2aWNl';
export const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
/** A well-formed backup id that names nothing. */
export const UNKNOWN_BACKUP_ID = '20000101-000000-000000';
