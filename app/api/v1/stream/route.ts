import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { liveHub } from '@/lib/live/hub';
import { sseResponse } from '@/lib/sse';

export const dynamic = 'force-dynamic';

/** One stream per tab: a snapshot, then `service` / `removed` / `sources` deltas. */
export const GET = handle(ops.stream, async ({ request }) => {
  const lastEventId =
    request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  const hub = liveHub();
  return sseResponse(
    request,
    (writer) => {
      let detach: (() => void) | undefined;
      let closed = false;
      hub.attach(writer, lastEventId).then(
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
