import { sseResponse } from '@/lib/sse';
import { getJob, onJobUpdate } from './engine';
import type { Job } from './types';

const finished = (job: Job) => job.status !== 'queued' && job.status !== 'running';

/**
 * A job's progress as server-sent events: `job` with the whole job on every change, the first one
 * immediately; the stream ends after the finished state is sent.
 */
export function jobStream(request: Request, initial: Job): Response {
  return sseResponse(
    request,
    (writer) => {
      let last = '';
      const send = (job: Job) => {
        const text = JSON.stringify(job);
        if (text === last || writer.closed) return;
        last = text;
        writer.event('job', job);
        if (finished(job)) setImmediate(() => writer.close());
      };
      // Subscribe before re-reading, so no change between the two is lost.
      const off = onJobUpdate(initial.id, send);
      send(getJob(initial.id));
      return off;
    },
    { stream: 'job', pingMs: 5000 },
  );
}
