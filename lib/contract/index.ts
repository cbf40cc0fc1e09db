/**
 * The API contract: every `/api/v1` operation, declared once in ./operations/*. Route files serve
 * them with `handle` (lib/http/handle.ts), the OpenAPI document and the permission-matrix test walk
 * `operations`, and the UI calls them through ./client.ts.
 *
 * Adding an operation: declare it in the module of its resource (and add the module below), then
 * serve it from `app/api/v1/<path>/route.ts`. A unit test fails when a route file exports a method
 * that has no declaration, or a declaration has no route file.
 */
import type { OperationSpec } from './operation';
import { actionOps } from './operations/actions';
import { alertOps } from './operations/alerts';
import { auditOps } from './operations/audit';
import { authOps } from './operations/auth';
import { backupOps } from './operations/backups';
import { execOps } from './operations/exec';
import { hostOps } from './operations/hosts';
import { imageOps } from './operations/images';
import { logOps } from './operations/logs';
import { notificationOps } from './operations/notifications';
import { serviceOps } from './operations/services';
import { stackOps } from './operations/stacks';
import { tokenOps } from './operations/tokens';
import { userOps } from './operations/users';

export * from './operation';
export { probeOps } from './operations/meta';

export const ops = {
  ...authOps,
  ...tokenOps,
  ...userOps,
  ...auditOps,
  ...serviceOps,
  ...hostOps,
  ...logOps,
  ...alertOps,
  ...actionOps,
  ...stackOps,
  ...imageOps,
  ...backupOps,
  ...execOps,
  ...notificationOps,
};

export type Operation = OperationSpec;

/** Every `/api/v1` operation, in document order. */
export const operations: readonly OperationSpec[] = Object.values(ops);

/** By stable name (`services.restart`). */
export const operationsByName: ReadonlyMap<string, OperationSpec> = new Map(
  operations.map((op) => [op.name, op]),
);
