import { defineRoute } from '@/lib/http/route';
import { loadMappingConfig } from '@/lib/prometheus/config-file';
import { serviceQueries } from '@/lib/prometheus/mapping';
import {
  createSilence,
  listSilences,
  newSilenceInput,
  requireMatchersPinService,
  silenceTarget,
} from '@/lib/prometheus/silences';
import { getDockerService } from '@/lib/services';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ name: 'silences.list', permission: 'read' }, async () => listSilences());

export const POST = defineRoute(
  {
    name: 'silences.create',
    permission: 'operate',
    body: newSilenceInput,
    audit: 'silence.create',
    target: ({ body }) => silenceTarget(body),
    status: 201,
  },
  async ({ body, principal, target }) => {
    if (principal?.services !== null && target) {
      requireMatchersPinService(
        body.matchers,
        serviceQueries(await getDockerService(target.id), loadMappingConfig()),
      );
    }
    const id = await createSilence(body, principal?.name ?? 'unknown');
    return { id };
  },
);
