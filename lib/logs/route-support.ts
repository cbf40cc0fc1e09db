import { withinServiceLimit } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import type { DockerService } from '@/lib/docker/types';
import { forbidden } from '@/lib/errors';
import type { LogsQuery } from './query';
import { logsFormat, logsResponse } from './respond';
import { type LogSource, readLogs, selectTargets } from './session';

/**
 * What both logs routes do once they know the service: enforce a token's service limit (logs can hold
 * secrets, so a token limited to other services may not read them), check the replica filter, stream.
 */
export async function serviceLogsResponse(
  request: Request,
  principal: Principal | null,
  service: DockerService,
  source: LogSource,
  query: LogsQuery,
): Promise<Response> {
  if (
    principal &&
    !withinServiceLimit(principal, { id: service.id, stack: service.stack, name: service.name })
  ) {
    throw forbidden('This token may not read the logs of this service');
  }
  // an unknown replica is a 404 before the stream starts, not an error in the middle of it
  selectTargets(await source.targets(), query.container);
  const name = `${service.stack ? `${service.stack}-` : ''}${service.name}-${new Date().toISOString().slice(0, 19)}`;
  return await logsResponse(
    request,
    logsFormat(request, query.download),
    (signal) => readLogs(source, query, signal, { rawMessage: query.download }),
    name,
  );
}
