import { canRead } from '@/lib/auth/permissions';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { liveHub } from '@/lib/live/hub';
import type { LiveView } from '@/lib/live/view';
import { sseResponse } from '@/lib/sse';

export const dynamic = 'force-dynamic';

/**
 * One stream per tab: a snapshot, then `service` / `removed` / `sources` deltas — of the services
 * the principal may see, in the wall's projection for a display-only principal.
 */
export const GET = handle(ops.stream, async ({ request, principal, visible }) => {
  // a display-only principal (the wall) gets only what the wall draws; a limited token its services
  const view: LiveView = { visible, wall: principal !== null && !canRead(principal) };
  const lastEventId =
    request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  const hub = liveHub();
  return sseResponse(
    request,
    (writer) => {
      let detach: (() => void) | undefined;
      let closed = false;
      hub.attach(writer, lastEventId, view).then(
        (d) => {
          if (closed) d();
          else detach = d;
        },
        () => writer.close(),
      );
      return () => {
        closed = true;
        detach?.();
      };
    },
    { stream: 'services' },
  );
});
