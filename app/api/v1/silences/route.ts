import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { loadMappingConfig } from '@/lib/prometheus/config-file';
import { serviceQueries } from '@/lib/prometheus/mapping';
import { createSilence, listSilences, requireMatchersPinService } from '@/lib/prometheus/silences';
import { getDockerService } from '@/lib/services';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.silencesList, async () => listSilences());

export const POST = handle(ops.silencesCreate, async ({ body, principal, target }) => {
  // A limited caller names its service (the pipeline checked the limit); its matchers must pin it.
  if (principal?.services !== null && target) {
    requireMatchersPinService(
      body.matchers,
      serviceQueries(await getDockerService(target.id), loadMappingConfig()),
    );
  }
  return { id: await createSilence(body, principal?.name ?? 'unknown') };
});
