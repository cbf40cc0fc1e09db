import type { IncomingMessage } from 'node:http';
import type { Engine } from '@/lib/docker/engine';
import { AppError, notFound } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { metrics } from '@/lib/metrics/registry';
import { createLogDecoder } from './decode';
import { engineTime, engineTimeOfTimestamp } from './timestamp';
import type { LogTarget, TaggedLine } from './types';

/**
 * Engine log streams, read as streams and decoded chunk by chunk (a non-follow answer can be large). Every open stream is
 * counted (the `opsdeck_engine_log_streams` gauge) and closed when its reader is done or aborted.
 */

export interface EngineLogOptions {
  follow: boolean;
  tail: number | 'all';
  since?: Date;
  /** a normalised timestamp to resume after (wins over `since`) */
  sinceTs?: string;
  until?: Date;
  /** only this stream (default both) */
  stream?: 'stdout' | 'stderr';
}

const counter = globalThis as unknown as { __opsdeckEngineLogStreams?: number };

/** How many engine log streams are open in this process right now. */
export function openEngineLogStreams(): number {
  return counter.__opsdeckEngineLogStreams ?? 0;
}

/** Counts an open engine log stream until it closes. */
export function trackEngineLogStream(res: IncomingMessage): void {
  counter.__opsdeckEngineLogStreams = openEngineLogStreams() + 1;
  metrics().engineLogStreams.inc();
  res.once('close', () => {
    counter.__opsdeckEngineLogStreams = openEngineLogStreams() - 1;
    metrics().engineLogStreams.dec();
  });
}

export function openEngineLogStream(
  docker: Engine,
  containerId: string,
  options: EngineLogOptions,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const query: Record<string, string | number> = {
    stdout: options.stream === 'stderr' ? 0 : 1,
    stderr: options.stream === 'stdout' ? 0 : 1,
    timestamps: 1,
    tail: options.tail,
  };
  if (options.follow) query.follow = 1;
  if (options.sinceTs) query.since = engineTimeOfTimestamp(options.sinceTs);
  else if (options.since) query.since = engineTime(options.since);
  // the engine never ends a follow stream that has `until`; follow callers stop at until themselves
  if (options.until && !options.follow) query.until = engineTime(options.until);
  if (signal.aborted) return Promise.reject(new AppError('unavailable', 'request aborted'));
  return docker.logStream(containerId, query, signal).then(
    (res) => {
      trackEngineLogStream(res);
      if (signal.aborted) res.destroy();
      else signal.addEventListener('abort', () => res.destroy(), { once: true });
      return res;
    },
    (err: (Error & { statusCode?: number }) | null) => {
      if (err?.statusCode === 404) throw notFound(`container ${containerId.slice(0, 12)} not found`);
      throw new AppError(
        'unavailable',
        `the Docker engine did not return logs: ${err?.message ?? 'no body'}`,
      );
    },
  );
}

/**
 * One container's lines, in batches (one per socket chunk), tagged with its label. Ends when the
 * engine ends the stream (history read, or a followed container stopped) or when `signal` aborts.
 */
export async function* containerLines(
  docker: Engine,
  target: LogTarget,
  options: EngineLogOptions,
  signal: AbortSignal,
): AsyncGenerator<TaggedLine[]> {
  let res: IncomingMessage;
  try {
    res = await openEngineLogStream(docker, target.containerId, options, signal);
  } catch (err) {
    // a replica removed since the service was looked up has no more lines; the others still do
    if (err instanceof AppError && err.code === 'not_found') {
      logger().info({ container: target.containerId }, 'log stream: container is gone');
      return;
    }
    throw err;
  }
  let batch: TaggedLine[] = [];
  const decoder = createLogDecoder({ tty: target.tty, timestamps: true }, (line) => {
    batch.push({ ts: line.ts, stream: line.stream, text: line.text, container: target.label });
  });
  try {
    try {
      for await (const chunk of res) {
        decoder.push(chunk as Buffer);
        if (batch.length > 0) {
          const out = batch;
          batch = [];
          yield out;
        }
      }
    } catch (err) {
      // an abort or a dropped engine connection ends the stream; anything else is reported
      if (!signal.aborted) logger().warn({ err, container: target.containerId }, 'engine log stream failed');
    }
    decoder.end();
    if (batch.length > 0) yield batch;
  } finally {
    res.destroy();
  }
}
