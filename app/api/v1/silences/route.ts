import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { loadMappingConfig } from '@/lib/prometheus/config-file';
import { serviceQueries } from '@/lib/prometheus/mapping';
import { createSilence, listSilences, requireMatchersPinService } from '@/lib/prometheus/silences';
import { getDockerService, listDockerServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

/** A service-limited token sees the silences it could have made: those pinning one of its services. */
export const GET = handle(ops.silencesList, async ({ principal, visible }) => {
  const answer = await listSilences();
  if (principal === null || principal.services === null) return answer;
  const config = loadMappingConfig();
  const mine = (await listDockerServices())
    .filter((s) => visible(s.id))
    .map((s) => serviceQueries(s, config));
  const pins = (matchers: Parameters<typeof requireMatchersPinService>[0]) =>
    mine.some((q) => {
      try {
        requireMatchersPinService(matchers, q);
        return true;
      } catch {
        return false;
      }
    });
  return { ...answer, silences: answer.silences.filter((s) => pins(s.matchers)) };
});

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
