import type { DockerService } from '@/lib/docker/types';
import type { LogsQuery } from './query';
import { logsFormat, logsResponse } from './respond';
import { type LogSource, readLogs, selectTargets } from './session';

/**
 * What both logs routes do once they know the service (the token's service limit was applied by the
 * request pipeline): check the replica filter, stream.
 */
export async function serviceLogsResponse(
  request: Request,
  service: DockerService,
  source: LogSource,
  query: LogsQuery,
): Promise<Response> {
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
